package org.signet.core.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Real databases for tests: an H2 file in a temporary directory (the embedded default) and a fresh
 * schema in the local PostgreSQL ({@code scripts/test-services.sh} starts it and creates the
 * {@code signet} role and {@code signet_test} database).
 */
public final class TestDatabases {

    public static final String PG_URL = System.getenv().getOrDefault("SIGNET_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/signet_test");
    public static final String PG_USER = System.getenv().getOrDefault("SIGNET_TEST_PG_USER", "signet");
    public static final String PG_PASSWORD = System.getenv().getOrDefault("SIGNET_TEST_PG_PASSWORD", "signet");

    private TestDatabases() {
    }

    /** A database with its JDBC URL, so tests can also open a second connection pool to it. */
    public record TestDatabase(String name, String url, String user, String password) {

        public DataSource dataSource() {
            return new DriverManagerDataSource(url, user, password);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A new empty directory for an H2 file database (application tests set it before their context starts). */
    public static Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static TestDatabase h2(Path dir) {
        return new TestDatabase("H2", "jdbc:h2:file:" + dir.resolve("signet").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
    }

    /** A new, empty schema in the test PostgreSQL database. */
    public static TestDatabase postgresSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = new DriverManagerDataSource(PG_URL, PG_USER, PG_PASSWORD).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("PostgreSQL test database not reachable at " + PG_URL
                    + " (./signet test starts it: scripts/test-services.sh)", ex);
        }
        return new TestDatabase("PostgreSQL", PG_URL + "?currentSchema=" + schema, PG_USER, PG_PASSWORD);
    }
}
