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
 * Detached CMS made by an independent tool (openssl cms, throw-away key): validated with its
 * original it is intact; without it the signed data is not found; with another file the hash fails.
 */
class DetachedSignatureTest {

    @TempDir
    static Path dir;
    private static byte[] signature;
    private static final byte[] ORIGINAL = "Biên nhận hồ sơ số 42\n".getBytes(StandardCharsets.UTF_8);
    private static ValidationService service;

    @BeforeAll
    static void setUp() throws Exception {
        Path data = Files.write(dir.resolve("receipt.txt"), ORIGINAL);
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=Detached Test Signer", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString());
        run("openssl", "cms", "-sign", "-binary", "-in", data.toString(), "-signer", dir.resolve("cert.pem").toString(),
                "-inkey", dir.resolve("key.pem").toString(), "-outform", "DER", "-out", dir.resolve("receipt.p7s").toString());
        signature = Files.readAllBytes(dir.resolve("receipt.p7s"));
        service = TestValidationServices.service(List.of(dir.resolve("cert.pem")), List.of(), new NoReportCache(),
                new RecordingAuditTrail());
    }

    @Test
    void validateWhenDetachedOriginalGivenThenIntactAndSignerNamed() {
        ValidationReport report = validate(new ValidationRequest.Original("receipt.txt", ORIGINAL));

        assertThat(report.signatures()).singleElement().satisfies(v -> {
            assertThat(v.intact()).isTrue();
            assertThat(v.signedBy()).isEqualTo("Detached Test Signer");
            assertThat(v.certificate().subject()).contains("Detached Test Signer");
            assertThat(v.indication()).isNotEqualTo("TOTAL_FAILED");
        });
    }

    @Test
    void validateWhenNoOriginalThenSignedDataNotFound() {
        ValidationReport report = validate();

        assertThat(report.signatures()).singleElement().satisfies(v -> {
            assertThat(v.intact()).isFalse();
            assertThat(v.subIndication()).isEqualTo("SIGNED_DATA_NOT_FOUND");
        });
    }

    @Test
    void validateWhenOtherOriginalThenHashFailure() {
        ValidationReport report = validate(new ValidationRequest.Original("receipt.txt",
                "Biên nhận hồ sơ số 43\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(report.signatures()).singleElement().satisfies(v -> {
            assertThat(v.intact()).isFalse();
            assertThat(v.indication()).isEqualTo("TOTAL_FAILED");
            assertThat(v.subIndication()).isEqualTo("HASH_FAILURE");
        });
    }

    private static ValidationReport validate(ValidationRequest.Original... originals) {
        return service.validate(new ValidationRequest(signature, "receipt.p7s", List.of(originals), null, ReportKind.SIMPLE),
                "auditor-1").report();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
