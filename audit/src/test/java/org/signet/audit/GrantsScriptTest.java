package org.signet.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.audit.checkpoint.AuditCheckpointer;
import org.signet.audit.checkpoint.CheckpointStore;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestDatabases.TestDatabase;
import org.signet.core.test.TestHome;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production grants script applied with psql to a real PostgreSQL role (the unprivileged
 * {@code signet_app} login that scripts/test-services.sh creates): the application can append,
 * read and checkpoint, and the database itself refuses it UPDATE and DELETE on records and checkpoints.
 */
class GrantsScriptTest {

    private static final String APP_USER = System.getenv().getOrDefault("SIGNET_TEST_PG_APP_USER", "signet_app");
    private static final String APP_PASSWORD = System.getenv().getOrDefault("SIGNET_TEST_PG_APP_PASSWORD", "signet_app");

    private static Pkcs11HsmToken token;
    private static TestDatabase app;

    @BeforeAll
    static void migrateAndGrant() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        TestDatabase owner = TestDatabases.postgresSchema();
        Flyway.configure().dataSource(owner.dataSource()).load().migrate();
        String schema = owner.url().substring(owner.url().indexOf("currentSchema=") + "currentSchema=".length());
        ExternalTool.Result psql = ExternalTool.run(List.of("psql", "-q", "-h", "127.0.0.1", "-U", owner.user(), "-d",
                "signet_test", "-v", "app_role=" + APP_USER, "-v", "schema=" + schema, "-f",
                TestHome.repoRoot().resolve("audit/src/main/resources/sql/grants-postgresql.sql").toString()),
                Map.of("PGPASSWORD", owner.password()), 60);
        assertThat(psql.exitCode()).as(psql.output()).isZero();
        app = new TestDatabase("PostgreSQL as " + APP_USER, owner.url(), APP_USER, APP_PASSWORD);
    }

    @AfterAll
    static void close() {
        token.close();
    }

    @Test
    void appRoleWhenAppendingReadingAndCheckpointingThenAllowed() {
        JdbcAuditTrail trail = AuditFixture.trail(app.dataSource(), "instance-app");
        trail.record(AuditFixture.signature("req-1"));
        trail.record(AuditFixture.signature("req-2"));
        assertThat(trail.read(1, 2)).hasSize(2);
        JdbcTemplate jdbc = new JdbcTemplate(app.dataSource());
        AuditFixture fixture = new AuditFixture(app.dataSource(), jdbc, trail, new CheckpointStore(jdbc), null, token);
        AuditCheckpointer checkpointer = fixture.checkpointer(1);
        assertThat(checkpointer.checkpointNow()).isPresent();
    }

    @Test
    void appRoleWhenUpdatingOrDeletingRecordsOrCheckpointsThenPermissionDenied() throws SQLException {
        AuditFixture.trail(app.dataSource(), "instance-app").record(AuditFixture.signature("req-3"));
        try (Connection connection = app.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : new String[] { "UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log",
                    "UPDATE audit_checkpoint SET head_hash = 'x'", "DELETE FROM audit_checkpoint",
                    "TRUNCATE audit_log", "DROP TABLE audit_log" }) {
                assertThatThrownBy(() -> statement.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining(sql.startsWith("DROP") ? "must be owner" : "permission denied");
            }
        }
    }
}
