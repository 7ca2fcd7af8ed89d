package org.signet.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.audit.AuditRecord;
import org.signet.audit.JdbcAuditTrail;
import org.signet.core.audit.AuditEventType;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.LargePdfs;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.signet.verifier.SignatureVerdict;
import org.signet.verifier.ValidationReport;
import org.signet.verifier.ValidationService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PDF above the in-memory threshold over real HTTP: the upload is moved out of Tomcat's part file
 * (not copied), signed in one pass, and the answer is streamed from the upload plus the signed update
 * before the upload is deleted. The answer validates in DSS (the appliance's own validation service)
 * and pdfsig, the audit record names the digests of the real input and answer, and a byte changed in
 * the original part is caught.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.servlet.multipart.max-file-size=64MB", "spring.servlet.multipart.max-request-size=65MB",
                "signet.signer.max-document-size=64MB" })
class LargePdfOverHttpEndToEndTest {

    private static final TestTokens TOKENS = TestTokens.create();
    private static final Path DATABASE_DIR = temporaryDirectory();

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("signet-e2e-large-db");
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("signet.home", () -> TestHome.path().toString());
        registry.add("signet.hsm.library", TestHome::library);
        registry.add("signet.security.tokens.public-key-file", () -> TOKENS.publicKeyFile().toString());
        registry.add("spring.datasource.url", () -> TestDatabases.h2(DATABASE_DIR).url());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcAuditTrail auditTrail;

    @Autowired
    ValidationService validation;

    @Test
    void signWhenLargeUploadThenValidAnswerWithAuditedDigestsAndTamperingDetected(@TempDir Path dir) throws Exception {
        Path pdf = LargePdfs.write(dir.resolve("large.pdf"), 24L * 1024 * 1024);
        Path signed = dir.resolve("large-signed.pdf");
        String boundary = "signet-" + UUID.randomUUID();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/signatures"))
                .header("Authorization", "Bearer " + TOKENS.forRole("portal"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
                                + " filename=\"large.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"),
                        HttpRequest.BodyPublishers.ofFile(pdf),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                .build();
        HttpResponse<Path> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofFile(signed));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Files.size(signed)).isGreaterThan(Files.size(pdf));
        assertThat(Files.mismatch(pdf, signed)).as("the original is the answer's first part").isEqualTo(Files.size(pdf));
        assertThat(ExternalTool.pdfsig(signed).output()).contains("Signature is Valid");
        ValidationReport report = validation.validate(Files.readAllBytes(signed), "large-signed.pdf", "test");
        assertThat(report.signatures()).extracting(SignatureVerdict::indication).containsExactly("TOTAL_PASSED");

        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        List<AuditRecord> records = auditTrail.read(1, auditTrail.head().sequence());
        assertThat(records).anySatisfy(record -> {
            assertThat(record.type()).isEqualTo(AuditEventType.SIGNATURE_PRODUCED);
            assertThat(record.requestId()).isEqualTo(requestId);
            assertThat(record.documentDigest()).isEqualTo(sha256(signed));
            assertThat(record.attributes()).containsEntry("inputDigest", sha256(pdf));
        });

        try (RandomAccessFile file = new RandomAccessFile(signed.toFile(), "rw")) {
            file.seek(Files.size(pdf) / 2);
            int b = file.read();
            file.seek(Files.size(pdf) / 2);
            file.write(b ^ 0x01);
        }
        assertThat(ExternalTool.pdfsig(signed).output()).doesNotContain("Signature is Valid").contains("Digest Mismatch");
        ValidationReport tampered = validation.validate(Files.readAllBytes(signed), "tampered.pdf", "test");
        assertThat(tampered.signatures()).extracting(SignatureVerdict::subIndication).containsExactly("HASH_FAILURE");
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] block = new byte[1 << 16];
            for (int n; (n = in.read(block)) > 0;) {
                digest.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
