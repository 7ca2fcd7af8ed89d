package org.signet.appliance;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.checkpoint.CheckpointVerifier;
import org.signet.audit.checkpoint.TimestampVerifier;
import org.signet.audit.cli.AuditVerifyCommand;
import org.signet.audit.export.ExportLines;
import org.signet.audit.export.ExportVerification;
import org.signet.audit.export.ExportVerifier;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log end to end on real PostgreSQL, reached through a loopback TCP proxy that the test
 * can cut: the auditors' API (query, checkpoints, proofs, exports verified offline), refusals
 * recorded, and signing failing closed with 503 while the database is unreachable.
 */
class AuditEndToEndTest extends ProxiedDatabaseApplicationTest {

    @Test
    void auditorApiWhenDocumentSignedThenRecordFoundProvenAndExportVerifiesOffline(@TempDir Path dir) throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        HttpResponse<byte[]> signed = sign(TestPdfs.simple("Biên bản kiểm tra"));
        assertThat(signed.statusCode()).isEqualTo(200);
        String requestId = signed.headers().firstValue("X-Request-Id").orElseThrow();
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signed.body()));

        JsonNode byRequest = get("/api/v1/audit/records?requestId=" + requestId);
        assertThat(byRequest.path("records")).hasSize(1);
        JsonNode record = byRequest.path("records").get(0);
        assertThat(record.path("type").asString()).isEqualTo("SIGNATURE_PRODUCED");
        assertThat(record.path("actor").asString()).isEqualTo("test-portal");
        assertThat(record.path("documentDigest").asString()).isEqualTo(digest);
        long seq = record.path("seq").asLong();

        assertThat(get("/api/v1/audit/records?documentDigest=" + digest.toUpperCase()).path("records").get(0)
                .path("seq").asLong()).isEqualTo(seq);
        assertThat(get("/api/v1/audit/records?credential=seal&from=" + before + "&to=" + Instant.now().plusSeconds(1))
                .path("records")).anySatisfy(r -> assertThat(r.path("seq").asLong()).isEqualTo(seq));
        assertThat(get("/api/v1/audit/records?from=" + Instant.now().plusSeconds(60)).path("records")).isEmpty();
        JsonNode page = get("/api/v1/audit/records?limit=1");
        assertThat(page.path("records")).hasSize(1);
        assertThat(page.path("next").asLong()).isEqualTo(page.path("records").get(0).path("seq").asLong());

        // The proof: the record, its successors up to a checkpoint, and that checkpoint.
        JsonNode proof = get("/api/v1/audit/records/" + seq + "/proof");
        JsonNode checkpoint = proof.path("checkpoint");
        assertThat(checkpoint.path("treeSize").asLong()).isGreaterThanOrEqualTo(seq);
        assertThat(checkpoint.path("timestampToken").isString()).as("timestamped by Signet's TSA").isTrue();
        List<String> lines = new ArrayList<>();
        lines.add(new ExportLines().header(new ExportLines.Header(seq, checkpoint.path("treeSize").asLong(),
                proof.path("records").get(0).path("prevHash").asString(), "now")));
        proof.path("records").forEach(r -> lines.add(withKind(r, "record")));
        lines.add(withKind(checkpoint, "checkpoint"));
        ExportVerification proven = verifier().verify(lines);
        assertThat(proven.valid()).as(proven.reason()).isTrue();
        assertThat(proven.timestamped()).isEqualTo(1);

        assertThat(get("/api/v1/audit/checkpoints").path("checkpoints")).isNotEmpty();

        HttpResponse<String> export = http.send(request("/api/v1/audit/export?from=1&to=" + seq, "auditor").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        ExportVerification exported = verifier().verify(export.body().lines().toList());
        assertThat(exported.valid()).as(exported.reason()).isTrue();
        assertThat(exported.records()).isGreaterThanOrEqualTo(seq);

        Path file = Files.writeString(dir.resolve("export.jsonl"), export.body());
        assertThat(AuditVerifyCommand.run(new String[] { "verify", file.toString(), "--audit-cert",
                TestHome.pki("certs/audit.pem").toString(), "--tsa-cert", TestHome.pki("certs/tsa.pem").toString() },
                System.out, System.err)).isZero();
    }

    @Test
    void auditApiWhenNotAuditorThen403AndBothRefusalsAreRecordedWithoutTheToken() throws Exception {
        String portalToken = TOKENS.forRole("portal");
        HttpResponse<String> refused = http.send(request("/api/v1/audit/records", null)
                .header("Authorization", "Bearer " + portalToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = http.send(request("/api/v1/audit/export?from=1&to=2", null).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        JsonNode records = get("/api/v1/audit/records?limit=1000").path("records");
        assertThat(records).anySatisfy(r -> {
            assertThat(r.path("type").asString()).isEqualTo("AUTHORIZATION_REFUSED");
            assertThat(r.path("actor").asString()).isEqualTo("test-portal");
            assertThat(r.path("attributes").path("path").asString()).isEqualTo("/api/v1/audit/records");
            assertThat(r.path("attributes").path("roles").asString()).isEqualTo("portal");
        });
        assertThat(records).anySatisfy(r -> {
            assertThat(r.path("type").asString()).isEqualTo("AUTHENTICATION_FAILED");
            assertThat(r.path("actor").asString()).isEqualTo("anonymous");
            assertThat(r.path("attributes").path("reason").asString()).isEqualTo("no-token");
        });
        assertThat(records.toString()).doesNotContain(portalToken);
    }

    @Test
    void signWhenDatabaseConnectionCutThen503NothingReleasedAndAfterReconnectSigningAndLogWork() throws Exception {
        JsonNode before = get("/api/v1/audit/records?limit=1000");
        PROXY.stop();
        HttpResponse<byte[]> refused;
        try {
            refused = sign(TestPdfs.simple("Không được ký khi mất nhật ký"));
        }
        finally {
            PROXY.start();
        }
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = json.readTree(refused.body());
        // The first database access of the request fails: the credential lookup or the audit append.
        assertThat(problem.path("type").asString())
                .isIn("urn:signet:problem:audit-unavailable", "urn:signet:problem:database-unavailable");
        assertThat(new String(refused.body(), StandardCharsets.ISO_8859_1)).doesNotContain("%PDF");

        // Connections that died with the cut are still pooled. Hikari checks a connection's liveness
        // before handing it out only when it was idle for more than 500 ms, so wait past that window:
        // the dead ones are then evicted instead of failing the next requests (which would still fail
        // closed, as asserted below for the occasional one that slips through).
        Thread.sleep(1500);
        HttpResponse<byte[]> again = sign(TestPdfs.simple("Ký lại sau khi kết nối"));
        for (int attempt = 1; attempt < 3 && again.statusCode() == 503; attempt++) {
            assertThat(json.readTree(again.body()).path("type").asString())
                    .isIn("urn:signet:problem:audit-unavailable", "urn:signet:problem:database-unavailable");
            again = sign(TestPdfs.simple("Ký lại sau khi kết nối"));
        }
        assertThat(again.statusCode()).as(new String(again.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        String requestId = again.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(get("/api/v1/audit/records?requestId=" + requestId).path("records")).hasSize(1);

        long head = get("/api/v1/audit/records?requestId=" + requestId).path("records").get(0).path("seq").asLong();
        HttpResponse<String> export = http.send(request("/api/v1/audit/export?from=1&to=" + head, "auditor").build(),
                HttpResponse.BodyHandlers.ofString());
        ExportVerification verified = verifier().verify(export.body().lines().toList());
        assertThat(verified.valid()).as(verified.reason()).isTrue();
        assertThat(verified.records()).isGreaterThan(before.path("records").size());
    }

    @Test
    void auditApiWhenBadParametersThenProblems() throws Exception {
        for (String path : new String[] { "/api/v1/audit/records?limit=0", "/api/v1/audit/records?limit=1001",
                "/api/v1/audit/records?from=yesterday", "/api/v1/audit/records?after=-1",
                "/api/v1/audit/export?from=0&to=5", "/api/v1/audit/export?from=5&to=2",
                "/api/v1/audit/records?limit=ten" }) {
            HttpResponse<String> response = http.send(request(path, "auditor").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        HttpResponse<String> unknown = http.send(request("/api/v1/audit/records/999999/proof", "auditor").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("type").asString()).isEqualTo("urn:signet:problem:not-found");
    }

    private ExportVerifier verifier() {
        return new ExportVerifier(new AuditRecordCodec(), new ExportLines(),
                new CheckpointVerifier(PemCertificates.loadFile(TestHome.pki("certs/audit.pem")).get(0).getCertificate()),
                new TimestampVerifier(PemCertificates.loadFile(TestHome.pki("certs/tsa.pem")).get(0).getCertificate()));
    }

    private String withKind(JsonNode node, String kind) {
        var copy = (tools.jackson.databind.node.ObjectNode) node.deepCopy();
        copy.put("kind", kind);
        return json.writeValueAsString(copy);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path, "auditor").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpRequest.Builder request(String path, String role) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (role != null) {
            request.header("Authorization", "Bearer " + TOKENS.forRole(role));
        }
        return request;
    }

    private HttpResponse<byte[]> sign(byte[] pdf) throws Exception {
        String boundary = "signet-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dossier.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(pdf);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(request("/api/v1/signatures", "portal")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
