package org.signet.appliance;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenancy over HTTP: the development seal belongs to the clients its policy names
 * ({@code signet.signer.tenancy.seal-clients}: test-portal, test-officer, portal-a in the tests);
 * another portal is refused on the document API, the batch API and CSC; a token of portal-a's client
 * ({@code azp}) for another user is accepted. An officer credential with an owner serves that officer only,
 * on the document API and on CSC. A CITIZEN credential serves only the portal client that owns it
 * ({@code ownerClient}): approvals, enrolment links, passkey list and revocation, CSC info and authorize.
 */
class TenancyTest extends SecuredApplicationTest {

    private static final String SHA256 = "2.16.840.1.101.3.4.2.1";

    @Autowired
    JsonMapper json;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private final byte[] pdf = TestPdfs.simple("Tenancy");

    @Test
    void sealWhenAnotherPortalSignsThenRefusedOnDocumentBatchAndCsc() throws Exception {
        String stranger = TOKENS.forSubject("portal-b", "portal", Map.of());
        String owner = TOKENS.forSubject("portal-a", "portal", Map.of());
        String ownersClerk = TOKENS.forSubject("clerk-17", "portal", Map.of("azp", "portal-a"));
        String strangersClerkClaimingOwnersSubject = TOKENS.forSubject("portal-a", "portal", Map.of("client_id", "portal-b"));

        assertThat(sign(owner, "/api/v1/signatures").statusCode()).isEqualTo(200);
        assertThat(sign(ownersClerk, "/api/v1/signatures").statusCode()).isEqualTo(200);
        assertForbidden(sign(stranger, "/api/v1/signatures"));
        assertForbidden(sign(strangersClerkClaimingOwnersSubject, "/api/v1/signatures"));
        assertForbidden(sign(stranger, "/api/v1/signatures/batch"));
        assertThat(sign(owner, "/api/v1/signatures/batch").statusCode()).isEqualTo(200);

        // CSC: the stranger does not even see the seal, cannot authorise it, nor redeem the owner's SAD.
        assertThat(csc(stranger, "credentials/list", "{}").body()).doesNotContain("\"seal\"");
        assertThat(csc(owner, "credentials/list", "{}").body()).contains("\"seal\"");
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(pdf));
        String authorize = "{\"credentialID\":\"seal\",\"numSignatures\":1,\"hashes\":[\"" + hash + "\"],\"hashAlgorithmOID\":\"" + SHA256 + "\"}";
        assertThat(csc(stranger, "credentials/authorize", authorize).statusCode()).isEqualTo(403);
        HttpResponse<String> issued = csc(owner, "credentials/authorize", authorize);
        assertThat(issued.statusCode()).isEqualTo(200);
        String sad = json.readTree(issued.body()).path("SAD").asString();
        String signHash = "{\"credentialID\":\"seal\",\"SAD\":\"" + sad + "\",\"hashes\":[\"" + hash + "\"],\"hashAlgorithmOID\":\""
                + SHA256 + "\",\"signAlgo\":\"1.2.840.113549.1.1.11\"}";
        assertThat(csc(stranger, "signatures/signHash", signHash).statusCode()).isEqualTo(403);
        String signDoc = "{\"credentialID\":\"seal\",\"documents\":[{\"document\":\"" + Base64.getEncoder().encodeToString(pdf)
                + "\",\"signature_format\":\"P\",\"conformance_level\":\"Ades-B-B\",\"signed_envelope_property\":\"Certification\"}]}";
        assertThat(csc(stranger, "signatures/signDoc", signDoc).statusCode()).isEqualTo(403);
        // the SAD was not consumed by the refused call: its owner still redeems it
        HttpResponse<String> signed = csc(owner, "signatures/signHash", signHash);
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    }

    @Test
    void citizenCredentialWhenAnotherPortalActsForItThenRefusedOnEveryPathAuditedAndNothingCreatedOrRevoked(@TempDir Path dir)
            throws Exception {
        String operator = TOKENS.forRole("operator");
        String id = "t8c-" + UUID.randomUUID().toString().substring(0, 8);
        String citizen = "citizen-" + id;
        HttpResponse<String> created = createIssued(operator, dir, "{\"id\":\"" + id + "\",\"kind\":\"CITIZEN\",\"owner\":\""
                + citizen + "\",\"ownerClient\":\"portal-a\",\"keyType\":\"EC-P256\",\"subject\":\"CN=Lê Văn Tám,C=VN\"}");
        assertThat(json.readTree(created.body()).path("credential").path("ownerClient").asString()).isEqualTo("portal-a");
        try {
            jdbc.update("INSERT INTO approval_passkey (id, citizen_id, credential_id, attested_data, sign_count, label, created_at)"
                    + " VALUES (?, ?, ?, 'x', 0, 'phone', 0)", "pk-" + id, citizen, "webauthn-" + id);
            String stranger = TOKENS.forSubject("portal-b", "portal", Map.of());
            String strangerClaimingOwnersSubject = TOKENS.forSubject("portal-a", "portal", Map.of("client_id", "portal-b"));
            String owner = TOKENS.forSubject("portal-a", "portal", Map.of());
            String ownersClerk = TOKENS.forSubject("clerk-9", "portal", Map.of("azp", "portal-a"));
            String digest = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(pdf));
            String approval = "{\"credentialId\":\"" + id + "\",\"documents\":[{\"name\":\"a.pdf\",\"size\":1,\"digest\":\"" + digest + "\"}]}";
            String enrolment = "{\"credentialId\":\"" + id + "\"}";
            String passkeys = "/api/v1/approvals/credentials/" + id + "/passkeys";
            String authorize = "{\"credentialID\":\"" + id + "\",\"numSignatures\":1,\"hashes\":[\"" + digest
                    + "\"],\"hashAlgorithmOID\":\"" + SHA256 + "\"}";
            String info = "{\"credentialID\":\"" + id + "\"}";

            for (String foreign : List.of(stranger, strangerClaimingOwnersSubject)) {
                assertForbidden(send(Requests.json(uri("/api/v1/approvals"), foreign, "POST", approval)));
                assertForbidden(send(Requests.json(uri("/api/v1/approvals/enrolments"), foreign, "POST", enrolment)));
                assertForbidden(send(Requests.json(uri(passkeys), foreign, "GET", null)));
                assertForbidden(send(Requests.json(uri(passkeys + "/pk-" + id), foreign, "DELETE", null)));
                assertCscDenied(csc(foreign, "credentials/info", info));
                assertCscDenied(csc(foreign, "credentials/authorize", authorize));
                assertThat(csc(foreign, "credentials/list", "{}").body()).doesNotContain(id);
            }
            // Nothing was created or revoked; each refusal is an audit record naming the client and the action.
            assertThat(audited(id, "SIGNING_REQUEST_CREATED")).isEmpty();
            assertThat(audited(id, "ENROLMENT")).isEmpty();
            List<Map<String, Object>> refusals = audited(id, "AUTHORIZATION_REFUSED");
            assertThat(refusals).hasSize(12);
            assertThat(refusals).allSatisfy(r -> assertThat(r.get("attributes").toString()).contains("portal-b"));
            assertThat(refusals).extracting(r -> r.get("actor")).containsOnly("portal-b", "portal-a");
            assertThat(jdbc.queryForObject("SELECT revoked_at FROM approval_passkey WHERE id = ?", Long.class, "pk-" + id)).isNull();

            // The owning client (its own subject, or a clerk's token with its azp) acts on every path.
            HttpResponse<String> listed = send(Requests.json(uri(passkeys), ownersClerk, "GET", null));
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            assertThat(listed.body()).contains("pk-" + id);
            assertThat(send(Requests.json(uri("/api/v1/approvals"), owner, "POST", approval)).statusCode()).isEqualTo(202);
            HttpResponse<String> requested = send(Requests.json(uri("/api/v1/approvals"), ownersClerk, "POST", approval));
            assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
            String requestId = json.readTree(requested.body()).path("requestId").asString();
            assertThat(send(Requests.json(uri("/api/v1/approvals/" + requestId), ownersClerk, "GET", null)).statusCode()).isEqualTo(200);
            assertThat(send(Requests.json(uri("/api/v1/approvals/" + requestId), stranger, "GET", null)).statusCode()).isEqualTo(404);
            assertThat(send(Requests.json(uri("/api/v1/approvals/enrolments"), owner, "POST", enrolment)).statusCode()).isEqualTo(201);
            assertThat(csc(owner, "credentials/info", info).statusCode()).isEqualTo(200);
            HttpResponse<String> pending = csc(ownersClerk, "credentials/authorize", authorize);
            assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
            assertThat(audited(id, "SIGNING_REQUEST_CREATED")).hasSize(3);
            assertThat(send(Requests.json(uri(passkeys + "/pk-" + id), ownersClerk, "DELETE", null)).statusCode()).isEqualTo(204);
            assertThat(jdbc.queryForObject("SELECT revoked_at FROM approval_passkey WHERE id = ?", Long.class, "pk-" + id)).isNotNull();
        }
        finally {
            send(Requests.json(uri("/api/v1/credentials/" + id), operator, "DELETE", null));
        }
    }

    @Test
    void citizenCredentialWhenCreatedWithoutOwningClientThenRefused() {
        HttpResponse<String> created = send(Requests.json(uri("/api/v1/credentials"), TOKENS.forRole("operator"), "POST",
                "{\"id\":\"t8x-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"kind\":\"CITIZEN\",\"owner\":\"c-1\","
                        + "\"keyType\":\"EC-P256\",\"subject\":\"CN=X,C=VN\"}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(400);
        assertThat(created.body()).contains("ownerClient");
    }

    /** Creates a credential through the operator API and imports a certificate from the dev CA: ACTIVE. */
    private HttpResponse<String> createIssued(String operator, Path dir, String body) throws Exception {
        HttpResponse<String> created = send(Requests.json(uri("/api/v1/credentials"), operator, "POST", body));
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        String id = json.readTree(created.body()).path("credential").path("id").asString();
        Path csr = Files.writeString(dir.resolve(id + ".csr"),
                send(Requests.json(uri("/api/v1/credentials/" + id + "/csr"), operator, "GET", null)).body());
        Path cert = dir.resolve(id + ".pem");
        ExternalTool.Result issued = ExternalTool.run(List.of(TestHome.repoRoot().resolve("hsm-config/dev-ca.sh").toString(),
                "--home", TestHome.path().toString(), "issue", csr.toString(), cert.toString()));
        assertThat(issued.exitCode()).as(issued.output()).isZero();
        HttpResponse<String> imported = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/credentials/" + id + "/certificate"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/x-pem-file")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(Files.readString(cert)
                        + Files.readString(TestHome.pki("chain.pem")))).build());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        return created;
    }

    private List<Map<String, Object>> audited(String credentialId, String type) {
        return jdbc.queryForList("SELECT actor, attributes FROM audit_log WHERE credential_id = ? AND event_type = ? ORDER BY seq",
                credentialId, type);
    }

    private void assertCscDenied(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(json.readTree(response.body()).path("error").asString()).isEqualTo("access_denied");
    }

    @Test
    void officerCredentialWhenAnotherOfficerUsesItThenRefusedOnDocumentApiAndCsc(@TempDir Path dir) throws Exception {
        String operator = TOKENS.forRole("operator");
        String id = "t8-" + UUID.randomUUID().toString().substring(0, 8);
        createIssued(operator, dir, "{\"id\":\"" + id + "\",\"kind\":\"OFFICER\",\"owner\":\"officer-own\",\"keyType\":\"EC-P256\","
                + "\"subject\":\"CN=Officer Own,O=Signet Test,C=VN\"}");
        try {

            String own = TOKENS.forSubject("officer-own", "officer", Map.of());
            String other = TOKENS.forSubject("officer-other", "officer", Map.of());
            String portal = TOKENS.forRole("portal");
            Map<String, String> fields = Map.of("credential", id);
            assertThat(send(Requests.multipart(uri("/api/v1/signatures"), own, Map.of("a.pdf", pdf), fields)).statusCode()).isEqualTo(200);
            assertForbidden(send(Requests.multipart(uri("/api/v1/signatures"), other, Map.of("a.pdf", pdf), fields)));
            assertForbidden(send(Requests.multipart(uri("/api/v1/signatures/batch"), other, Map.of("a.pdf", pdf), fields)));

            String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(pdf));
            String authorize = "{\"credentialID\":\"" + id + "\",\"numSignatures\":1,\"hashes\":[\"" + hash
                    + "\"],\"hashAlgorithmOID\":\"" + SHA256 + "\"}";
            assertThat(csc(other, "credentials/authorize", authorize).statusCode()).isEqualTo(403);
            assertThat(csc(portal, "credentials/authorize", authorize).statusCode()).isEqualTo(403);
            assertThat(csc(other, "credentials/list", "{}").body()).doesNotContain(id);
            assertThat(csc(own, "credentials/list", "{}").body()).contains(id);
            HttpResponse<String> sad = csc(own, "credentials/authorize", authorize);
            assertThat(sad.statusCode()).as(sad.body()).isEqualTo(200);
            String signHash = "{\"credentialID\":\"" + id + "\",\"SAD\":\"" + json.readTree(sad.body()).path("SAD").asString()
                    + "\",\"hashes\":[\"" + hash + "\"],\"hashAlgorithmOID\":\"" + SHA256 + "\",\"signAlgo\":\"1.2.840.10045.4.3.2\"}";
            assertThat(csc(other, "signatures/signHash", signHash).statusCode()).isEqualTo(403);
            assertThat(csc(own, "signatures/signHash", signHash).statusCode()).isEqualTo(200);
        }
        finally {
            send(Requests.json(uri("/api/v1/credentials/" + id), operator, "DELETE", null));
        }
    }

    private HttpResponse<String> sign(String token, String path) {
        return send(Requests.multipart(uri(path), token, Map.of("a.pdf", pdf), Map.of("credential", "seal")));
    }

    private HttpResponse<String> csc(String token, String method, String body) {
        return send(Requests.json(uri("/csc/v2/" + method), token, "POST", body));
    }

    private void assertForbidden(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:signet:problem:credential-forbidden");
    }
}
