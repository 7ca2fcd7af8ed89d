package org.signet.audit.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.audit.AuditFixture;
import org.signet.audit.checkpoint.AuditCheckpointer;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verify command run as its own process (a JVM with no database and no HSM) on a real export
 * from PostgreSQL, and on copies of it tampered with line by line.
 */
class AuditVerifyCommandProcessTest {

    @TempDir
    static Path dir;

    private static Path export;

    @BeforeAll
    static void export() throws IOException {
        try (Pkcs11HsmToken token = Pkcs11HsmToken.open(TestHome.hsmProperties())) {
            AuditFixture log = AuditFixture.migrate(TestDatabases.postgresSchema(), token);
            AuditCheckpointer checkpointer = log.checkpointer(4);
            for (int i = 0; i < 10; i++) {
                log.append(1);
                checkpointer.checkpointIfDue();
            }
            checkpointer.checkpointNow();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            log.exporter().write(log.exporter().range(1, 10), out);
            export = Files.write(dir.resolve("audit.jsonl"), out.toByteArray());
        }
    }

    @Test
    void verifyWhenExportUntouchedThenExitZero() throws Exception {
        Result result = verify(export);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK: 10 records verified, covered by 3 checkpoints");
    }

    @Test
    void verifyWhenRecordChangedThenExitOneNamingIt() throws Exception {
        List<String> lines = lines();
        lines.set(3, lines.get(3).replace("\"actor\":\"portal-1\"", "\"actor\":\"mallory\""));
        assertNamed(verify(write("changed", lines)), 3);
    }

    @Test
    void verifyWhenRecordRemovedThenExitOneNamingIt() throws Exception {
        List<String> lines = lines();
        lines.remove(6);
        assertNamed(verify(write("removed", lines)), 6);
    }

    @Test
    void verifyWhenRecordsReorderedThenExitOneNamingTheFirst() throws Exception {
        List<String> lines = lines();
        Collections.swap(lines, 2, 3);
        assertNamed(verify(write("reordered", lines)), 2);
    }

    @Test
    void verifyWhenRecordInsertedThenExitOneNamingIt() throws Exception {
        List<String> lines = lines();
        lines.add(5, lines.get(5).replace("\"requestId\":\"req-0\"", "\"requestId\":\"forged\""));
        assertNamed(verify(write("inserted", lines)), 5);
    }

    @Test
    void verifyWhenCheckpointDroppedThenUncoveredRecordsAreReported() throws Exception {
        List<String> lines = lines();
        lines.removeIf(line -> line.contains("\"treeSize\":10"));
        assertNamed(verify(write("uncovered", lines)), 9);
    }

    @Test
    void verifyWhenAnotherCertificateThenExitOne() throws Exception {
        Result result = run(List.of("verify", export.toString(), "--audit-cert", TestHome.pki("certs/seal.pem").toString()));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("signature does not verify with the audit certificate");
    }

    /**
     * A rotation of the audit key: checkpoints 4 and 8 signed by the retired key (the provisioned
     * {@code seal} key stands in for it), 10 by the current {@code audit} key. One export holds both:
     * it verifies only when the auditor accepts both certificates.
     */
    @Test
    void verifyWhenAuditKeyRotatedThenBothCertificatesNeededAndEnough() throws Exception {
        Path rotated;
        try (Pkcs11HsmToken token = Pkcs11HsmToken.open(TestHome.hsmProperties())) {
            AuditFixture log = AuditFixture.migrate(TestDatabases.postgresSchema(), token);
            AuditCheckpointer retired = log.checkpointer("instance-a", 4, java.time.Duration.ofHours(1),
                    java.time.Clock.systemUTC(), "seal");
            for (int i = 0; i < 8; i++) {
                log.append(1);
                retired.checkpointIfDue();
            }
            log.append(2);
            log.checkpointer(4).checkpointNow();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            log.exporter().write(log.exporter().range(1, 10), out);
            rotated = Files.write(dir.resolve("rotated.jsonl"), out.toByteArray());
        }
        String retiredCert = TestHome.pki("certs/seal.pem").toString();
        String currentCert = AuditFixture.auditCertificateFile().toString();

        Result currentOnly = run(List.of("verify", rotated.toString(), "--audit-cert", currentCert));
        assertThat(currentOnly.exit()).as(currentOnly.output()).isEqualTo(1);
        Result retiredOnly = run(List.of("verify", rotated.toString(), "--audit-cert", retiredCert));
        assertThat(retiredOnly.exit()).as(retiredOnly.output()).isEqualTo(1);
        Result both = run(List.of("verify", rotated.toString(), "--audit-cert", retiredCert, "--audit-cert", currentCert));
        assertThat(both.exit()).as(both.output()).isZero();
        assertThat(both.output()).contains("OK: 10 records verified, covered by 3 checkpoints");
    }

    @Test
    void verifyWhenNoCertificateThenUsageAndExitTwo() throws Exception {
        assertThat(run(List.of("verify", export.toString())).exit()).isEqualTo(2);
    }

    private static void assertNamed(Result result, long seq) {
        assertThat(result.exit()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).startsWith("FAILED: first bad record " + seq + ":");
    }

    private static List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(export));
    }

    private static Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name + ".jsonl"), lines);
    }

    private static Result verify(Path file) throws Exception {
        return run(List.of("verify", file.toString(), "--audit-cert", AuditFixture.auditCertificateFile().toString()));
    }

    private static Result run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AuditVerifyCommand.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output.strip());
    }

    private record Result(int exit, String output) {
    }
}
