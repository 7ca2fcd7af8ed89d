package org.signet.verifier;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.verifier.cache.NoReportCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A standalone RFC 3161 timestamp token made by an independent tool (openssl ts, throw-away TSA key)
 * over a file: validated with that file as the detached original it passes; over other bytes it fails.
 */
class StandaloneTimestampTest {

    @TempDir
    static Path dir;
    private static byte[] token;
    private static final byte[] DATA = "Hồ sơ nộp lúc 08:00\n".getBytes(StandardCharsets.UTF_8);
    private static ValidationService service;

    @BeforeAll
    static void setUp() throws Exception {
        Path data = Files.write(dir.resolve("dossier.txt"), DATA);
        Files.writeString(dir.resolve("serial"), "01\n");
        Files.writeString(dir.resolve("tsa.cnf"), """
                [ tsa ]
                default_tsa = tsa_config
                [ tsa_config ]
                serial = %s
                crypto_device = builtin
                signer_digest = sha256
                default_policy = 1.2.3.4.1
                digests = sha256
                accuracy = secs:1
                ordering = no
                tsa_name = no
                ess_cert_id_chain = no
                ess_cert_id_alg = sha256
                """.formatted(dir.resolve("serial")));
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=Throw-away Test TSA", "-addext", "extendedKeyUsage=critical,timeStamping",
                "-addext", "keyUsage=critical,digitalSignature",
                "-keyout", dir.resolve("tsa.key").toString(), "-out", dir.resolve("tsa.pem").toString());
        run("openssl", "ts", "-query", "-data", data.toString(), "-sha256", "-cert", "-out", dir.resolve("q.tsq").toString());
        run("openssl", "ts", "-reply", "-config", dir.resolve("tsa.cnf").toString(), "-queryfile", dir.resolve("q.tsq").toString(),
                "-signer", dir.resolve("tsa.pem").toString(), "-inkey", dir.resolve("tsa.key").toString(), "-token_out",
                "-out", dir.resolve("token.tst").toString());
        token = Files.readAllBytes(dir.resolve("token.tst"));
        service = TestValidationServices.service(List.of(dir.resolve("tsa.pem")), List.of(), new NoReportCache(),
                new RecordingAuditTrail());
    }

    @Test
    void validateWhenTimestampOverGivenDataThenPassed() {
        ValidationReport report = validate(DATA);

        assertThat(report.signaturesCount()).isZero();
        assertThat(report.timestamps()).singleElement().satisfies(ts -> {
            assertThat(ts.indication()).as(ts.toString()).isEqualTo("PASSED");
            assertThat(ts.producedBy()).contains("Throw-away Test TSA");
            assertThat(ts.productionTime()).isNotNull();
        });
    }

    @Test
    void validateWhenTimestampOverOtherDataThenFailed() {
        ValidationReport report = validate("Hồ sơ nộp lúc 09:00\n".getBytes(StandardCharsets.UTF_8));

        assertThat(report.timestamps()).singleElement().satisfies(ts ->
                assertThat(ts.indication()).as(ts.toString()).isEqualTo("FAILED"));
    }

    private static ValidationReport validate(byte[] original) {
        return service.validate(new ValidationRequest(token, "dossier.tst",
                List.of(new ValidationRequest.Original("dossier.txt", original)), null, ReportKind.SIMPLE), "auditor-1").report();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
