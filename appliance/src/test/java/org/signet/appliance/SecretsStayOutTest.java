package org.signet.appliance;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.signet.audit.AuditRecord;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.JdbcAuditTrail;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets never leak: the main flows (sign, validate, time-stamp, credential creation, CSC authorize
 * and signHash, plus refusals with bad tokens) run with known secret values — the HSM user PIN of
 * the test token, the validation cache HMAC key, the TLS keystore password, the bearer tokens and
 * the SAD — and none of them appears in the log output, in any response body (except the SAD in the
 * authorize answer, where it is the answer) or in the audit records.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutTest extends SecuredApplicationTest {

    private static final String SHA256 = "2.16.840.1.101.3.4.2.1";

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcAuditTrail auditTrail;

    @Autowired
    AuditRecordCodec codec;

    @Test
    void mainFlowsWhenRunWithKnownSecretsThenNoSecretInLogsResponsesOrAudit(CapturedOutput output) throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("HSM user PIN", Files.readString(TestHome.path().resolve("secrets/hsm-user-pin")).strip());
        secrets.put("cache HMAC key", Files.readString(TestHome.path().resolve("secrets/validation-cache-hmac.key")).strip());
        secrets.put("TLS keystore password", Files.readString(TestHome.path().resolve("secrets/tls-keystore-password")).strip());
        String portal = TOKENS.forRole("portal");
        String auditor = TOKENS.forRole("auditor");
        String operator = TOKENS.forRole("operator");
        secrets.put("portal token", portal);
        secrets.put("auditor token", auditor);
        secrets.put("operator token", operator);
        secrets.put("portal token signature", portal.substring(portal.lastIndexOf('.') + 1));
        assertThat(secrets.values()).allSatisfy(secret -> assertThat(secret).hasSizeGreaterThanOrEqualTo(16));
        List<String> bodies = new ArrayList<>();

        // sign, then validate (twice: the second answer comes from the HMAC-sealed cache)
        byte[] pdf = TestPdfs.simple("Secrets");
        HttpResponse<byte[]> signed = http.send(Requests.multipart(uri("/api/v1/signatures"), portal, Map.of("a.pdf", pdf),
                Map.of()), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(signed.statusCode()).isEqualTo(200);
        bodies.add(new String(signed.body(), StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> validated = send(Requests.multipart(uri("/api/v1/validations"), auditor,
                    Map.of("a-signed.pdf", signed.body()), Map.of()));
            assertThat(validated.statusCode()).isEqualTo(200);
            bodies.add(validated.body());
        }

        // time-stamp
        byte[] query = new TimeStampRequestGenerator().generate(org.bouncycastle.tsp.TSPAlgorithms.SHA256,
                MessageDigest.getInstance("SHA-256").digest(pdf)).getEncoded();
        HttpResponse<byte[]> stamp = http.send(HttpRequest.newBuilder(uri("/tsa")).header("Authorization", "Bearer " + portal)
                .header("Content-Type", "application/timestamp-query").POST(HttpRequest.BodyPublishers.ofByteArray(query)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stamp.statusCode()).isEqualTo(200);
        bodies.add(new String(stamp.body(), StandardCharsets.ISO_8859_1));

        // credential creation (key generated in the HSM with the PIN's session), then deletion
        String id = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send(Requests.json(uri("/api/v1/credentials"), operator, "POST",
                "{\"id\":\"" + id + "\",\"kind\":\"SEAL\",\"keyType\":\"EC-P256\",\"subject\":\"CN=Secrets Test,C=VN\"}"));
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        bodies.add(created.body());
        bodies.add(send(Requests.json(uri("/api/v1/credentials/" + id), operator, "DELETE", null)).body());

        // CSC authorize (the SAD is the answer) and signHash
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(pdf));
        HttpResponse<String> authorized = send(Requests.json(uri("/csc/v2/credentials/authorize"), portal, "POST",
                "{\"credentialID\":\"seal\",\"numSignatures\":1,\"hashes\":[\"" + hash + "\"],\"hashAlgorithmOID\":\"" + SHA256 + "\"}"));
        assertThat(authorized.statusCode()).isEqualTo(200);
        String sad = json.readTree(authorized.body()).path("SAD").asString();
        assertThat(sad).hasSizeGreaterThanOrEqualTo(32);
        secrets.put("SAD", sad);
        HttpResponse<String> signedHash = send(Requests.json(uri("/csc/v2/signatures/signHash"), portal, "POST",
                "{\"credentialID\":\"seal\",\"SAD\":\"" + sad + "\",\"hashes\":[\"" + hash + "\"],\"hashAlgorithmOID\":\""
                        + SHA256 + "\",\"signAlgo\":\"1.2.840.113549.1.1.11\"}"));
        assertThat(signedHash.statusCode()).isEqualTo(200);
        bodies.add(signedHash.body());
        // a replayed SAD is refused; the refusal does not echo it
        HttpResponse<String> replay = send(Requests.json(uri("/csc/v2/signatures/signHash"), portal, "POST",
                "{\"credentialID\":\"seal\",\"SAD\":\"" + sad + "\",\"hashes\":[\"" + hash + "\"],\"hashAlgorithmOID\":\""
                        + SHA256 + "\",\"signAlgo\":\"1.2.840.113549.1.1.11\"}"));
        assertThat(replay.statusCode()).isBetween(400, 499);
        bodies.add(replay.body());

        // refusals: an expired token and a forged one are named as invalid, never echoed
        String expired = TOKENS.expired("portal");
        secrets.put("expired token", expired);
        HttpResponse<String> refused = send(Requests.multipart(uri("/api/v1/signatures"), expired, Map.of("a.pdf", pdf), Map.of()));
        assertThat(refused.statusCode()).isEqualTo(401);
        bodies.add(refused.body() + refused.headers().map());
        HttpResponse<String> wrongRole = send(Requests.json(uri("/api/v1/credentials"), portal, "GET", null));
        assertThat(wrongRole.statusCode()).isEqualTo(403);
        bodies.add(wrongRole.body());

        List<AuditRecord> records = auditTrail.read(1, auditTrail.head().sequence());
        assertThat(records).isNotEmpty();
        StringBuilder audit = new StringBuilder();
        records.forEach(record -> audit.append(new String(codec.canonical(record), StandardCharsets.UTF_8)).append('\n'));

        String logs = output.getAll();
        assertThat(logs).contains("Generated EC-P256 key pair"); // the capture did see the flows' logging
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertThat(logs).as("log output contains the " + secret.getKey()).doesNotContain(secret.getValue());
            assertThat(audit).as("audit records contain the " + secret.getKey()).doesNotContain(secret.getValue());
            for (String body : bodies) {
                assertThat(body).as("a response contains the " + secret.getKey()).doesNotContain(secret.getValue());
            }
        }
    }
}
