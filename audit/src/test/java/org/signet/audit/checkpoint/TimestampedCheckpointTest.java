package org.signet.audit.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.audit.AuditFixture;
import org.signet.audit.AuditProperties;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.cli.AuditVerifyCommand;
import org.signet.audit.export.ExportLines;
import org.signet.audit.export.ExportVerification;
import org.signet.audit.export.ExportVerifier;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.signet.tsa.DatabaseSerialNumberSource;
import org.signet.tsa.LocalTspSource;
import org.signet.tsa.TimeStampAuthority;
import org.signet.tsa.TsaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkpoints timestamped by Signet's real TSA (HSM tsa key), which records its own audit event. */
class TimestampedCheckpointTest {

    @TempDir
    static Path dir;

    private static Pkcs11HsmToken token;
    private static AuditFixture log;

    @BeforeAll
    static void setUp() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        log = AuditFixture.migrate(TestDatabases.postgresSchema(), token);
    }

    @AfterAll
    static void tearDown() {
        token.close();
    }

    private AuditCheckpointer checkpointer(Clock clock) {
        TsaProperties tsa = new TsaProperties("tsa", TestHome.pki("chain.pem"), "0.4.0.2023.1.1", Duration.ofSeconds(1),
                List.of("SHA256"));
        TimeStampAuthority authority = new TimeStampAuthority(token, tsa, PemCertificates.loadFile(TestHome.pki("chain.pem")),
                new DatabaseSerialNumberSource(log.jdbc()), log.trail(), Clock.systemUTC());
        return new AuditCheckpointer(new JdbcTemplate(log.dataSource()),
                new TransactionTemplate(new DataSourceTransactionManager(log.dataSource())),
                new HsmCheckpointSigner(token, "audit"), new TspCheckpointTimestamper(new LocalTspSource(authority, "signet")),
                new AuditProperties.Checkpoint(true, 1000, Duration.ofMinutes(1), Duration.ofSeconds(1), "audit"),
                "instance-a", clock);
    }

    @Test
    void checkpointWhenTsaConfiguredThenTokenVerifiesAndExportVerifiesWithTsaCertificate() throws Exception {
        log.append(3);
        AuditCheckpoint checkpoint = checkpointer(Clock.systemUTC()).checkpointNow().orElseThrow();
        assertThat(checkpoint.timestampToken()).isNotNull();
        TimestampVerifier timestamps = new TimestampVerifier(tsaCertificate());
        assertThat(timestamps.problem(checkpoint)).isNull();

        AuditCheckpoint other = new AuditCheckpoint(checkpoint.treeSize(), checkpoint.headHash(), checkpoint.createdAt(),
                checkpoint.instanceId(), checkpoint.keyLabel(), checkpoint.signatureAlgorithm(),
                java.util.Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3 }), checkpoint.timestampToken());
        assertThat(timestamps.problem(other)).contains("not over this checkpoint's signature");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.exporter().write(log.exporter().range(1, checkpoint.treeSize()), out);
        ExportVerification result = new ExportVerifier(new AuditRecordCodec(), new ExportLines(),
                new CheckpointVerifier(AuditFixture.auditCertificate()), timestamps)
                .verify(out.toString(StandardCharsets.UTF_8).lines().toList());
        assertThat(result.valid()).as(result.reason()).isTrue();
        assertThat(result.timestamped()).isEqualTo(1);

        Path export = Files.write(dir.resolve("audit.jsonl"), out.toByteArray());
        ByteArrayOutputStream cli = new ByteArrayOutputStream();
        int exit = AuditVerifyCommand.run(new String[] { "verify", export.toString(), "--audit-cert",
                AuditFixture.auditCertificateFile().toString(), "--tsa-cert", TestHome.pki("certs/tsa.pem").toString() },
                new java.io.PrintStream(cli, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        assertThat(cli.toString(StandardCharsets.UTF_8)).contains("1 checkpoint timestamps verified");
    }

    @Test
    void checkpointIfDueWhenOnlyTheLastCheckpointsOwnTimestampIsUncoveredThenNotDue() {
        log.append(1);
        AuditCheckpoint checkpoint = checkpointer(Clock.systemUTC()).checkpointNow().orElseThrow();
        assertThat(log.trail().head().sequence()).as("the TSA recorded the checkpoint's timestamp")
                .isEqualTo(checkpoint.treeSize() + 1);
        AuditCheckpointer later = checkpointer(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)));
        assertThat(later.checkpointIfDue()).isEmpty();

        log.append(1);
        assertThat(later.checkpointIfDue()).isPresent();
    }

    private static java.security.cert.X509Certificate tsaCertificate() {
        return PemCertificates.loadFile(TestHome.pki("certs/tsa.pem")).get(0).getCertificate();
    }
}
