package org.signet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.JdbcAuditTrail;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditReceipt;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit records committed per second (each append locks the one {@code audit_head} row, inserts,
 * commits), on the embedded H2 file and on PostgreSQL (a fresh schema in {@code signet_test},
 * {@code SIGNET_BENCH_PG_URL} to override). Run with {@code -t N} for N concurrent writers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditAppendBenchmark {

    @Param({ "h2", "postgresql" })
    public String database;

    private HikariDataSource dataSource;
    private JdbcAuditTrail trail;
    private String schema;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        dataSource = new HikariDataSource();
        dataSource.setMaximumPoolSize(10);
        if (database.equals("h2")) {
            Path dir = Files.createTempDirectory("signet-bench-audit");
            dataSource.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
            dataSource.setUsername("sa");
        }
        else {
            String url = System.getenv().getOrDefault("SIGNET_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/signet_test");
            schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            dataSource.setJdbcUrl(url + "?currentSchema=" + schema);
            dataSource.setUsername(System.getenv().getOrDefault("SIGNET_BENCH_PG_USER", "signet"));
            dataSource.setPassword(System.getenv().getOrDefault("SIGNET_BENCH_PG_PASSWORD", "signet"));
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
        }
        Flyway.configure().dataSource(dataSource).load().migrate();
        trail = new JdbcAuditTrail(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), new AuditRecordCodec(), "bench",
                Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        if (schema != null) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        dataSource.close();
    }

    @Benchmark
    public AuditReceipt append() {
        return trail.record(AuditEvent.of(AuditEventType.SIGNATURE_PRODUCED, "bench-portal")
                .withRequestId(UUID.randomUUID().toString()).withCredential("seal")
                .withDocumentDigest(Long.toHexString(ThreadLocalRandom.current().nextLong()).repeat(4))
                .with("format", "PAdES").with("level", "B-B"));
    }
}
