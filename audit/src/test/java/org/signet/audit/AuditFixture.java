package org.signet.audit;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.signet.audit.checkpoint.AuditCheckpointer;
import org.signet.audit.checkpoint.CheckpointStore;
import org.signet.audit.checkpoint.CheckpointTimestamper;
import org.signet.audit.checkpoint.HsmCheckpointSigner;
import org.signet.audit.export.AuditExporter;
import org.signet.audit.export.ExportLines;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.hsm.HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.TestDatabases.TestDatabase;
import org.signet.core.test.TestHome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A migrated real database with the audit log, checkpointer (real SoftHSM audit key) and exporter on it. */
public record AuditFixture(DataSource dataSource, JdbcTemplate jdbc, JdbcAuditTrail trail, CheckpointStore checkpoints,
        AuditExporter exporter, HsmToken token) {

    public static AuditFixture migrate(TestDatabase database, HsmToken token) {
        DataSource dataSource = database.dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        JdbcAuditTrail trail = trail(dataSource, "instance-a");
        CheckpointStore checkpoints = new CheckpointStore(jdbc);
        return new AuditFixture(dataSource, jdbc, trail, checkpoints,
                new AuditExporter(trail, jdbc, checkpoints, new ExportLines(), Clock.systemUTC()), token);
    }

    public static JdbcAuditTrail trail(DataSource dataSource, String instance) {
        return new JdbcAuditTrail(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), new AuditRecordCodec(), instance,
                Clock.systemUTC());
    }

    public AuditCheckpointer checkpointer(String instance, long everyRecords, Duration every, Clock clock) {
        return checkpointer(instance, everyRecords, every, clock, "audit");
    }

    /** As above, signing with the token key {@code keyLabel} (a stand-in for a retired audit key). */
    public AuditCheckpointer checkpointer(String instance, long everyRecords, Duration every, Clock clock, String keyLabel) {
        return new AuditCheckpointer(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new HsmCheckpointSigner(token, keyLabel), CheckpointTimestamper.NONE,
                new AuditProperties.Checkpoint(true, everyRecords, every, Duration.ofSeconds(1), keyLabel), instance,
                clock);
    }

    public AuditCheckpointer checkpointer(long everyRecords) {
        return checkpointer("instance-a", everyRecords, Duration.ofHours(1), Clock.systemUTC());
    }

    public static Path auditCertificateFile() {
        return TestHome.pki("certs/audit.pem");
    }

    public static X509Certificate auditCertificate() {
        return PemCertificates.loadFile(auditCertificateFile()).get(0).getCertificate();
    }

    public void append(int count) {
        for (int i = 0; i < count; i++) {
            trail.record(signature("req-" + i));
        }
    }

    public static AuditEvent signature(String requestId) {
        return AuditEvent.of(AuditEventType.SIGNATURE_PRODUCED, "portal-1").withRequestId(requestId)
                .withCredential("seal").withDocumentDigest("cd".repeat(32)).with("format", "PAdES").with("level", "B-B");
    }
}
