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
    private static final Path DATABASE_DIR = TestDatabases.newDirectory("signet-e2e-large-db");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedApplicationProperties.register(registry, TOKENS, DATABASE_DIR);
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

    @Test
    void signWhenLargeRawBodyThenValidAnswerHashedOnUploadAuditedAndTamperingDetected(@TempDir Path dir) throws Exception {
        Path pdf = LargePdfs.write(dir.resolve("raw.pdf"), 40L * 1024 * 1024);
        Path signed = dir.resolve("raw-signed.pdf");
        HttpResponse<Path> response = HttpClient.newHttpClient().send(rawPost("?level=B-B&dossierId=RAW-1&fileName=raw.pdf",
                "application/pdf", HttpRequest.BodyPublishers.ofFile(pdf)), HttpResponse.BodyHandlers.ofFile(signed));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains("raw-signed.pdf");
        assertThat(Files.mismatch(pdf, signed)).as("the original is the answer's first part").isEqualTo(Files.size(pdf));
        assertThat(ExternalTool.pdfsig(signed).output()).contains("Signature is Valid");
        ValidationReport report = validation.validate(Files.readAllBytes(signed), "raw-signed.pdf", "test");
        assertThat(report.signatures()).extracting(SignatureVerdict::indication).containsExactly("TOTAL_PASSED");

        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(auditTrail.read(1, auditTrail.head().sequence())).anySatisfy(record -> {
            assertThat(record.type()).isEqualTo(AuditEventType.SIGNATURE_PRODUCED);
            assertThat(record.requestId()).isEqualTo(requestId);
            assertThat(record.documentDigest()).isEqualTo(sha256(signed));
            assertThat(record.attributes()).containsEntry("inputDigest", sha256(pdf));
        });

        try (RandomAccessFile file = new RandomAccessFile(signed.toFile(), "rw")) {
            file.seek(Files.size(pdf) / 3);
            int b = file.read();
            file.seek(Files.size(pdf) / 3);
            file.write(b ^ 0x01);
        }
        assertThat(ExternalTool.pdfsig(signed).output()).doesNotContain("Signature is Valid").contains("Digest Mismatch");
        ValidationReport tampered = validation.validate(Files.readAllBytes(signed), "tampered.pdf", "test");
        assertThat(tampered.signatures()).extracting(SignatureVerdict::subIndication).containsExactly("HASH_FAILURE");
    }

    @Test
    void signWhenSmallRawPdfOrXmlThenSignedLikeTheForm(@TempDir Path dir) throws Exception {
        byte[] pdf = Files.readAllBytes(LargePdfs.write(dir.resolve("small.pdf"), 64 * 1024));
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(rawPost("?unknownField=ignored",
                "application/pdf", HttpRequest.BodyPublishers.ofByteArray(pdf)), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        Path signed = Files.write(dir.resolve("small-signed.pdf"), response.body());
        assertThat(ExternalTool.pdfsig(signed).output()).contains("Signature is Valid");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains("document-signed.pdf");

        byte[] xml = "<dossier id=\"RAW-XML\"><item>raw body</item></dossier>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> xades = HttpClient.newHttpClient().send(rawPost("", "application/xml",
                HttpRequest.BodyPublishers.ofByteArray(xml)), HttpResponse.BodyHandlers.ofString());
        assertThat(xades.statusCode()).isEqualTo(200);
        assertThat(xades.body()).contains("RAW-XML").contains("SignatureValue");
        ValidationReport report = validation.validate(xades.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "document-signed.xml", "test");
        assertThat(report.signatures()).extracting(SignatureVerdict::indication).containsExactly("TOTAL_PASSED");
    }

    @Test
    void signWhenRawBodyBadThenProblemsAndNothingSigned() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long before = auditTrail.head().sequence();

        HttpResponse<String> wrongType = client.send(rawPost("", "text/plain",
                HttpRequest.BodyPublishers.ofString("%PDF-1.7")), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(wrongType.body()).contains("urn:signet:problem:");

        assertThat(rawExchange("POST /api/v1/signatures HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TOKENS.forRole("portal") + "\r\nContent-Length: 8\r\nConnection: close\r\n\r\n%PDF-1.7", null))
                .as("no content type").startsWith("HTTP/1.1 415");

        HttpResponse<String> empty = client.send(rawPost("", "application/pdf", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("urn:signet:problem:bad-request");

        assertThat(rawExchange(rawHeaders(200L * 1024 * 1024), null)).as("declared over the limit")
                .startsWith("HTTP/1.1 413").contains("urn:signet:problem:payload-too-large");

        // A body cut after 2 MB of the 30 MB it declares: refused, not signed, its upload file deleted.
        String marker = "%PDF-1.7\n%" + UUID.randomUUID() + "\n";
        byte[] part = new byte[2 * 1024 * 1024];
        byte[] head = marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, part, 0, head.length);
        String cut = rawExchange(rawHeaders(30L * 1024 * 1024), part);
        assertThat(cut).doesNotStartWith("HTTP/1.1 200").doesNotStartWith("HTTP/1.1 5");

        HttpResponse<String> unauthenticated = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/signatures")).header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofString("%PDF-1.7")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);

        assertThat(auditTrail.read(before + 1, Math.max(before + 1, auditTrail.head().sequence())))
                .noneMatch(record -> record.type() == AuditEventType.SIGNATURE_PRODUCED);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        for (int attempt = 0; attempt < 50 && leftUpload(tmp, marker); attempt++) {
            Thread.sleep(100); // the request thread may still be unwinding after the connection closed
        }
        assertThat(leftUpload(tmp, marker)).as("the cut upload's file is deleted").isFalse();
    }

    private HttpRequest rawPost(String query, String contentType, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/signatures" + query))
                .header("Authorization", "Bearer " + TOKENS.forRole("portal"))
                .header("Content-Type", contentType)
                .POST(body)
                .build();
    }

    private String rawHeaders(long contentLength) {
        return "POST /api/v1/signatures HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKENS.forRole("portal")
                + "\r\nContent-Type: application/pdf\r\nContent-Length: " + contentLength + "\r\nConnection: close\r\n\r\n";
    }

    /** One request over a plain socket (headers the JDK client will not send; a body cut short), the whole answer. */
    private String rawExchange(String headers, byte[] body) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(headers.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (body != null) {
                socket.getOutputStream().write(body);
            }
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            try {
                return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            catch (java.net.SocketException reset) {
                return "(connection reset: " + reset.getMessage() + ")";
            }
        }
    }

    private static boolean leftUpload(Path tmp, String marker) throws IOException {
        byte[] wanted = marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (var files = Files.newDirectoryStream(tmp, "signet-upload-*")) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    if (java.util.Arrays.equals(in.readNBytes(wanted.length), wanted)) {
                        return true;
                    }
                }
                catch (java.nio.file.NoSuchFileException gone) {
                    // deleted meanwhile
                }
            }
        }
        return false;
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
