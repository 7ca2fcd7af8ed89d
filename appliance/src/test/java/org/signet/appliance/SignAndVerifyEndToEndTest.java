package org.signet.appliance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.signet.audit.AuditChainVerifier;
import org.signet.audit.AuditRecord;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.JdbcAuditTrail;
import org.signet.core.audit.AuditEventType;
import org.signet.core.test.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation slice over real HTTP against the running application: sign a PDF with the SoftHSM
 * seal key, validate it with DSS against the development trust anchor, check it with pdfsig, and
 * see a tampered copy fail in both. Also the refusals: no token, wrong role, bad tokens, bad input.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.servlet.multipart.max-file-size=2MB", "spring.servlet.multipart.max-request-size=3MB",
                "signet.signer.max-document-size=1MB", "signet.signer.max-batch-size=4" })
class SignAndVerifyEndToEndTest {

    private static final TestTokens TOKENS = TestTokens.create();
    private static final Path DATABASE_DIR = TestDatabases.newDirectory("signet-e2e-db");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedApplicationProperties.register(registry, TOKENS, DATABASE_DIR);
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcAuditTrail auditTrail;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthWhenTokenAndKeyUsableThenUpWithoutAuthentication() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void signThenValidateGivesTotalPassedAndPdfsigAgrees(@TempDir Path dir) throws Exception {
        byte[] signed = signPdf(TestPdfs.simple("Kết quả giải quyết thủ tục hành chính"));
        assertThat(new String(signed, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        JsonNode report = validate(signed, "result-signed.pdf");
        assertThat(report.path("signaturesCount").asInt()).isEqualTo(1);
        JsonNode signature = report.path("signatures").get(0);
        assertThat(signature.path("indication").asString()).isEqualTo("TOTAL_PASSED");
        assertThat(signature.path("subIndication").isNull()).isTrue();
        assertThat(signature.path("signedBy").asString()).isEqualTo("Signet Development Organisation Seal");
        assertThat(signature.path("level").asString()).isEqualTo("PAdES-BASELINE-B");
        assertThat(signature.path("scope").asString()).isEqualTo("FULL");
        assertThat(signature.path("signingTime").asString()).isNotBlank();

        Path file = Files.write(dir.resolve("signed.pdf"), signed);
        assertThat(ExternalTool.pdfsig(file).output()).contains("Signature is Valid");

        String signedDigest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(signed));
        List<AuditRecord> records = auditTrail.read(1, auditTrail.head().sequence());
        assertThat(records).anySatisfy(record -> {
            assertThat(record.type()).isEqualTo(AuditEventType.SIGNATURE_PRODUCED);
            assertThat(record.actor()).isEqualTo("test-portal");
            assertThat(record.credentialId()).isEqualTo("seal");
            assertThat(record.documentDigest()).isEqualTo(signedDigest);
        });
        assertThat(records).anySatisfy(record -> {
            assertThat(record.type()).isEqualTo(AuditEventType.VALIDATION_PERFORMED);
            assertThat(record.actor()).isEqualTo("test-auditor");
            assertThat(record.documentDigest()).isEqualTo(signedDigest);
            assertThat(record.attributes()).containsEntry("verdicts", "TOTAL_PASSED");
        });
        assertThat(new AuditChainVerifier(new AuditRecordCodec()).verify(records, 1, AuditRecordCodec.GENESIS).valid()).isTrue();
    }

    @Test
    void signedPdfWhenOneSignedByteFlippedThenVerifierAndPdfsigReportItBroken(@TempDir Path dir) throws Exception {
        byte[] tampered = TestPdfs.tamperTitle(signPdf(TestPdfs.simple("Hồ sơ")));

        JsonNode signature = validate(tampered, "tampered.pdf").path("signatures").get(0);
        assertThat(signature.path("indication").asString()).isEqualTo("TOTAL_FAILED");
        assertThat(signature.path("subIndication").asString()).isEqualTo("HASH_FAILURE");

        Path file = Files.write(dir.resolve("tampered.pdf"), tampered);
        assertThat(ExternalTool.pdfsig(file).output()).doesNotContain("Signature is Valid").contains("Digest Mismatch");
    }

    @Test
    void signWhenNoTokenThen401Problem() throws Exception {
        HttpResponse<String> response = post("/api/v1/signatures", null, pdfForm());
        assertProblem(response, 401, "urn:signet:problem:unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void signWhenTokenExpiredOrForeignOrForAnotherAudienceThen401() throws Exception {
        for (String token : new String[] { TOKENS.expired("portal"), TestTokens.signedByStranger("portal"),
                TOKENS.withAudience("portal", "someone-else"), "not-a-jwt" }) {
            HttpResponse<String> response = post("/api/v1/signatures", token, pdfForm());
            assertProblem(response, 401, "urn:signet:problem:unauthenticated");
            assertThat(response.body()).doesNotContain(token);
        }
    }

    @Test
    void signWhenRoleIsAuditorThen403Problem() throws Exception {
        assertProblem(post("/api/v1/signatures", TOKENS.forRole("auditor"), pdfForm()), 403, "urn:signet:problem:forbidden");
    }

    @Test
    void validateWhenRoleIsOperatorThen403Problem() throws Exception {
        assertProblem(post("/api/v1/validations", TOKENS.forRole("operator"), pdfForm()), 403, "urn:signet:problem:forbidden");
    }

    @Test
    void signWhenGarbageUploadThen415Problem() throws Exception {
        Map<String, Object> form = Map.of("file", new FilePart("notes.txt", "hello, not a pdf".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = post("/api/v1/signatures", TOKENS.forRole("portal"), form);
        assertProblem(response, 415, "urn:signet:problem:unsupported-document");
        assertThat(response.body()).contains("not a PDF");
    }

    @Test
    void validateWhenGarbageUploadThen415Problem() throws Exception {
        Map<String, Object> form = Map.of("file", new FilePart("blob.bin", new byte[] { 1, 2, 3, 4, 5 }));
        assertProblem(post("/api/v1/validations", TOKENS.forRole("auditor"), form), 415, "urn:signet:problem:unsupported-document");
    }

    @Test
    void signWhenFilePartMissingThen400Problem() throws Exception {
        Map<String, Object> form = Map.of("format", "PAdES");
        assertProblem(post("/api/v1/signatures", TOKENS.forRole("portal"), form), 400, "urn:signet:problem:bad-request");
    }

    @Test
    void signWhenCredentialIsTheTsaKeyThen404Problem() throws Exception {
        Map<String, Object> form = new LinkedHashMap<>(pdfForm());
        form.put("credential", "tsa");
        assertProblem(post("/api/v1/signatures", TOKENS.forRole("portal"), form), 404, "urn:signet:problem:credential-not-found");
    }

    @Test
    void signWhenLevelUnsupportedThen400Problem() throws Exception {
        Map<String, Object> form = new LinkedHashMap<>(pdfForm());
        form.put("level", "B-Z");
        HttpResponse<String> response = post("/api/v1/signatures", TOKENS.forRole("portal"), form);
        assertProblem(response, 400, "urn:signet:problem:unsupported-parameter");
        assertThat(response.body()).contains("B-B");
    }

    @Test
    void signWhenUploadTooLargeThen413Problem() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        System.arraycopy("%PDF-1.7".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 8);
        Map<String, Object> form = Map.of("file", new FilePart("big.pdf", big));
        assertProblem(post("/api/v1/signatures", TOKENS.forRole("portal"), form), 413, "urn:signet:problem:payload-too-large");
    }

    @Test
    void signWhenDocumentOverSignerLimitThen413ProblemNamingTheSetting() throws Exception {
        byte[] big = new byte[1536 * 1024];
        System.arraycopy("%PDF-1.7".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 8);
        HttpResponse<String> response = post("/api/v1/signatures", TOKENS.forRole("portal"),
                Map.of("file", new FilePart("big.pdf", big)));
        assertProblem(response, 413, "urn:signet:problem:payload-too-large");
        assertThat(response.body()).contains("signet.signer.max-document-size");
    }

    @Test
    void batchWhenMoreFilesThanLimitThen413Problem() throws Exception {
        List<FilePart> files = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            files.add(new FilePart("f" + i + ".pdf", TestPdfs.simple("f" + i)));
        }
        HttpResponse<String> response = post("/api/v1/signatures/batch", TOKENS.forRole("portal"), Map.of("file", files));
        assertProblem(response, 413, "urn:signet:problem:payload-too-large");
        assertThat(response.body()).contains("signet.signer.max-batch-size");
    }

    @Test
    void unknownEndpointWhenAuthenticatedThenRefusedAsProblem() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/keys"))
                .header("Authorization", "Bearer " + TOKENS.forRole("portal")).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 403, "urn:signet:problem:forbidden");
    }

    @Test
    void batchWhenOneDocumentIsNotPdfThenOthersSignedAndEachReported() throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("file", List.of(new FilePart("a.pdf", TestPdfs.simple("một")), new FilePart("b.txt",
                "not a pdf".getBytes(StandardCharsets.US_ASCII)), new FilePart("c.pdf", TestPdfs.simple("ba"))));
        form.put("dossierId", "HS-2026-0001");
        form.put("procedureCode", "1.004227");
        HttpResponse<String> response = post("/api/v1/signatures/batch", TOKENS.forRole("officer"), form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode batch = json.readTree(response.body());
        assertThat(batch.path("signed").asInt()).isEqualTo(2);
        assertThat(batch.path("failed").asInt()).isEqualTo(1);
        JsonNode items = batch.path("items");
        assertThat(items.get(0).path("status").asString()).isEqualTo("SIGNED");
        assertThat(items.get(0).path("signedFileName").asString()).isEqualTo("a-signed.pdf");
        assertThat(items.get(1).path("status").asString()).isEqualTo("FAILED");
        assertThat(items.get(1).path("problem").path("type").asString()).isEqualTo("urn:signet:problem:unsupported-document");
        assertThat(items.get(1).path("problem").path("status").asInt()).isEqualTo(415);
        byte[] signed = java.util.Base64.getDecoder().decode(items.get(2).path("content").asString());
        JsonNode report = validate(signed, "c-signed.pdf");
        assertThat(report.path("signatures").get(0).path("indication").asString()).isEqualTo("TOTAL_PASSED");

        String itemId = items.get(2).path("requestId").asString();
        assertThat(auditTrail.read(1, auditTrail.head().sequence())).anySatisfy(record -> {
            assertThat(record.requestId()).isEqualTo(itemId);
            assertThat(record.attributes()).containsEntry("dossierId", "HS-2026-0001").containsEntry("procedureCode", "1.004227");
        });
    }

    @Test
    void signVisiblePadesOverHttpThenVietnameseTextOnPageAndSignatureValid(@TempDir Path dir) throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("file", new FilePart("ket-qua.pdf", TestPdfs.simple("Kết quả")));
        form.put("visible", "true");
        form.put("page", "1");
        form.put("x", "300");
        form.put("y", "400");
        form.put("width", "260");
        form.put("height", "90");
        form.put("reason", "Phê duyệt kết quả");
        form.put("location", "Hà Nội");
        HttpResponse<byte[]> response = http.send(multipart("/api/v1/signatures", TOKENS.forRole("portal"), form),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        Path pdf = Files.write(dir.resolve("visible.pdf"), response.body());
        String text = ExternalTool.run(List.of("pdftotext", "-enc", "UTF-8", pdf.toString(), "-")).output()
                .replaceAll("\\s+", " ");
        assertThat(text).contains("Ký bởi: Signet Development Organisation Seal").contains("Lý do: Phê duyệt kết quả")
                .contains("Nơi ký: Hà Nội");
        assertThat(ExternalTool.pdfsig(pdf).output()).contains("Signature is Valid");
    }

    @Test
    void signAsicEWithTwoFilesThenOneContainerValidatesTotalPassed() throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("file", List.of(new FilePart("don.pdf", TestPdfs.simple("Đơn")),
                new FilePart("ho-so.xml", "<ho-so>Hồ sơ</ho-so>".getBytes(StandardCharsets.UTF_8))));
        form.put("format", "ASiC-E-XAdES");
        HttpResponse<byte[]> response = http.send(multipart("/api/v1/signatures", TOKENS.forRole("portal"), form),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.etsi.asic-e+zip");
        JsonNode report = validate(response.body(), "dossier-signed.asice");
        assertThat(report.path("signatures").get(0).path("indication").asString()).isEqualTo("TOTAL_PASSED");
        assertThat(report.path("signatures").get(0).path("level").asString()).isEqualTo("XAdES-BASELINE-B");
    }

    @Test
    void signXmlWithDoctypeThen422UnsafeDocumentProblem() throws Exception {
        byte[] xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("file", new FilePart("x.xml", xxe));
        form.put("format", "XAdES");
        assertProblem(post("/api/v1/signatures", TOKENS.forRole("portal"), form), 422, "urn:signet:problem:unsafe-document");
    }

    @Test
    void credentialLifecycleOverHttpThenOfficerSignsWithNewKeyAndDeleteRemovesIt(@TempDir Path dir) throws Exception {
        String operator = TOKENS.forRole("operator");
        String id = "officer-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"id\":\"" + id + "\",\"kind\":\"OFFICER\",\"owner\":\"test-officer\",\"keyType\":\"EC-P384\","
                + "\"subject\":\"C=VN,O=Signet Test,CN=Võ Thị Hạnh\"}";
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/v1/credentials"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode createdJson = json.readTree(created.body());
        assertThat(createdJson.path("credential").path("status").asString()).isEqualTo("PENDING_CERTIFICATE");
        Path csr = Files.writeString(dir.resolve("req.csr"), createdJson.path("csr").asString());

        // portals cannot manage credentials
        assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/credentials")).header("Authorization", "Bearer "
                + TOKENS.forRole("portal")).build()), 403, "urn:signet:problem:forbidden");
        // not usable before its certificate is imported
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("file", new FilePart("qd.pdf", TestPdfs.simple("Quyết định")));
        form.put("credential", id);
        assertProblem(post("/api/v1/signatures", TOKENS.forRole("officer"), form), 409, "urn:signet:problem:credential-disabled");

        Path cert = dir.resolve("cert.pem");
        ExternalTool.Result issued = ExternalTool.run(List.of(TestHome.repoRoot().resolve("hsm-config/dev-ca.sh").toString(),
                "--home", TestHome.path().toString(), "issue", csr.toString(), cert.toString()));
        assertThat(issued.exitCode()).as(issued.output()).isZero();
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/api/v1/credentials/" + id + "/certificate"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/x-pem-file")
                .PUT(HttpRequest.BodyPublishers.ofString(Files.readString(TestHome.pki("certs/seal.pem")))).build());
        assertProblem(wrong, 422, "urn:signet:problem:certificate-rejected");
        HttpResponse<String> imported = send(HttpRequest.newBuilder(uri("/api/v1/credentials/" + id + "/certificate"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/x-pem-file")
                .PUT(HttpRequest.BodyPublishers.ofString(Files.readString(cert) + Files.readString(TestHome.pki("chain.pem"))))
                .build());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(json.readTree(imported.body()).path("status").asString()).isEqualTo("ACTIVE");

        HttpResponse<byte[]> signed = http.send(multipart("/api/v1/signatures", TOKENS.forRole("officer"), form),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(signed.statusCode()).isEqualTo(200);
        Path pdf = Files.write(dir.resolve("qd-signed.pdf"), signed.body());
        assertThat(ExternalTool.pdfsig(pdf).output()).contains("Signature is Valid").contains("Võ Thị Hạnh");
        // someone else's officer credential, and the portal, are refused
        assertProblem(post("/api/v1/signatures", TOKENS.forRole("portal"), form), 403, "urn:signet:problem:credential-forbidden");

        HttpResponse<String> disabled = send(HttpRequest.newBuilder(uri("/api/v1/credentials/" + id + "/disable"))
                .header("Authorization", "Bearer " + operator).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(json.readTree(disabled.body()).path("status").asString()).isEqualTo("DISABLED");
        assertProblem(post("/api/v1/signatures", TOKENS.forRole("officer"), form), 409, "urn:signet:problem:credential-disabled");

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/api/v1/credentials/" + id))
                .header("Authorization", "Bearer " + operator).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/credentials/" + id)).header("Authorization", "Bearer " + operator)
                .build()), 404, "urn:signet:problem:credential-not-found");
        assertThat(auditTrail.read(1, auditTrail.head().sequence())).filteredOn(r -> id.equals(r.credentialId()))
                .extracting(AuditRecord::type).containsSubsequence(AuditEventType.CREDENTIAL_CREATED,
                        AuditEventType.CERTIFICATE_IMPORTED, AuditEventType.SIGNATURE_PRODUCED,
                        AuditEventType.CREDENTIAL_DISABLED, AuditEventType.CREDENTIAL_DELETED);
    }

    @Test
    void credentialsListWhenProvisionedThenSealOfficerCitizenRegisteredAndNeverTsa() throws Exception {
        HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/api/v1/credentials"))
                .header("Authorization", "Bearer " + TOKENS.forRole("operator")).build());
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        json.readTree(list.body()).forEach(n -> ids.add(n.path("id").asString()));
        assertThat(ids).contains("seal", "officer", "citizen").doesNotContain("tsa", "audit");
    }

    @Test
    void cscRemoteClientComputesDataToSignServerSignsHashClientAssemblesThenTotalPassed() throws Exception {
        HttpResponse<String> info = send(HttpRequest.newBuilder(uri("/csc/v2/info"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
        assertThat(json.readTree(info.body()).path("specs").asString()).isEqualTo("2.0.0.0");
        String portal = TOKENS.forRole("portal");
        JsonNode list = csc("/csc/v2/credentials/list", portal, "{}");
        List<String> ids = new java.util.ArrayList<>();
        list.path("credentialIDs").forEach(n -> ids.add(n.asString()));
        assertThat(ids).contains("seal").doesNotContain("citizen", "officer", "tsa");

        JsonNode credential = csc("/csc/v2/credentials/info", portal, "{\"credentialID\":\"seal\",\"certificates\":\"chain\"}");
        assertThat(credential.path("scal").asString()).isEqualTo("1");
        List<eu.europa.esig.dss.model.x509.CertificateToken> chain = new java.util.ArrayList<>();
        credential.path("cert").path("certificates").forEach(c -> chain.add(
                eu.europa.esig.dss.spi.DSSUtils.loadCertificateFromBase64EncodedString(c.asString())));
        assertThat(chain).hasSize(3);

        // client side: plain DSS, no key
        var service = new eu.europa.esig.dss.pades.signature.PAdESService(
                new eu.europa.esig.dss.spi.validation.CommonCertificateVerifier());
        var parameters = new eu.europa.esig.dss.pades.PAdESSignatureParameters();
        parameters.setSignatureLevel(eu.europa.esig.dss.enumerations.SignatureLevel.PAdES_BASELINE_B);
        parameters.setDigestAlgorithm(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(chain.get(0));
        parameters.setCertificateChain(chain);
        parameters.bLevel().setSigningDate(new java.util.Date());
        var document = new eu.europa.esig.dss.model.InMemoryDocument(TestPdfs.simple("Kết quả qua CSC"), "csc.pdf");
        var dataToSign = service.getDataToSign(document, parameters);
        String hash = java.util.Base64.getEncoder().encodeToString(eu.europa.esig.dss.spi.DSSUtils.digest(
                eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256, dataToSign.getBytes()));
        String sha256 = "2.16.840.1.101.3.4.2.1";

        JsonNode authorized = csc("/csc/v2/credentials/authorize", portal, "{\"credentialID\":\"seal\",\"numSignatures\":1,"
                + "\"hashes\":[\"" + hash + "\"],\"hashAlgorithmOID\":\"" + sha256 + "\"}");
        String sad = authorized.path("SAD").asString();
        assertThat(authorized.path("expiresIn").asInt()).isPositive();
        String signHash = "{\"credentialID\":\"seal\",\"SAD\":\"" + sad + "\",\"hashes\":[\"" + hash + "\"],"
                + "\"hashAlgorithmOID\":\"" + sha256 + "\",\"signAlgo\":\"1.2.840.113549.1.1.11\"}";
        JsonNode signatures = csc("/csc/v2/signatures/signHash", portal, signHash);
        byte[] value = java.util.Base64.getDecoder().decode(signatures.path("signatures").get(0).asString());

        var signed = service.signDocument(document, parameters, new eu.europa.esig.dss.model.SignatureValue(
                eu.europa.esig.dss.enumerations.SignatureAlgorithm.RSA_SHA256, value));
        JsonNode report = validate(eu.europa.esig.dss.spi.DSSUtils.toByteArray(signed), "csc-signed.pdf");
        assertThat(report.path("signatures").get(0).path("indication").asString()).isEqualTo("TOTAL_PASSED");

        // the SAD is single-use, bound to its hashes, and citizens cannot be activated here
        HttpResponse<String> reused = cscRaw("/csc/v2/signatures/signHash", portal, signHash);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(reused.body()).path("error").asString()).isEqualTo("invalid_request");
        String sad2 = csc("/csc/v2/credentials/authorize", portal, "{\"credentialID\":\"seal\",\"hashes\":[\"" + hash
                + "\"],\"hashAlgorithmOID\":\"" + sha256 + "\"}").path("SAD").asString();
        String other = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(cscRaw("/csc/v2/signatures/signHash", portal, "{\"credentialID\":\"seal\",\"SAD\":\"" + sad2
                + "\",\"hashes\":[\"" + other + "\"],\"hashAlgorithmOID\":\"" + sha256
                + "\",\"signAlgo\":\"1.2.840.113549.1.1.11\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> citizen = cscRaw("/csc/v2/credentials/authorize", portal, "{\"credentialID\":\"citizen\","
                + "\"hashes\":[\"" + hash + "\"],\"hashAlgorithmOID\":\"" + sha256 + "\"}");
        assertThat(citizen.statusCode()).isEqualTo(403);
        assertThat(json.readTree(citizen.body()).path("error").asString()).isEqualTo("access_denied");
        assertThat(csc("/csc/v2/credentials/info", portal, "{\"credentialID\":\"citizen\"}").path("scal").asString())
                .isEqualTo("2");
        HttpResponse<String> unknown = cscRaw("/csc/v2/credentials/info", portal, "{\"credentialID\":\"nobody\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).path("error_description").asString()).contains("credentialID");
    }

    @Test
    void cscSignDocWithXadesThenDocumentWithSignatureValidates() throws Exception {
        String xml = java.util.Base64.getEncoder().encodeToString("<ho-so>Hồ sơ</ho-so>".getBytes(StandardCharsets.UTF_8));
        JsonNode result = csc("/csc/v2/signatures/signDoc", TOKENS.forRole("portal"), "{\"credentialID\":\"seal\","
                + "\"documents\":[{\"document\":\"" + xml + "\",\"signature_format\":\"X\",\"conformance_level\":\"AdES-B-B\","
                + "\"signed_envelope_property\":\"Enveloped\"}]}");
        byte[] signed = java.util.Base64.getDecoder().decode(result.path("DocumentWithSignature").get(0).asString());
        JsonNode report = validate(signed, "signed.xml");
        assertThat(report.path("signatures").get(0).path("indication").asString()).isEqualTo("TOTAL_PASSED");
    }

    @Test
    void openApiWhenFetchedThenDescribesSigningCredentialsAndCscAndSwaggerUiServes() throws Exception {
        HttpResponse<String> docs = send(HttpRequest.newBuilder(uri("/v3/api-docs")).build());
        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        JsonNode paths = json.readTree(docs.body()).path("paths");
        assertThat(paths.has("/api/v1/signatures")).isTrue();
        assertThat(paths.has("/api/v1/signatures/batch")).isTrue();
        assertThat(paths.has("/api/v1/credentials")).isTrue();
        assertThat(paths.has("/csc/v2/signatures/signHash")).isTrue();
        assertThat(paths.has("/api/v1/validations")).isTrue();
        HttpResponse<String> ui = send(HttpRequest.newBuilder(uri("/swagger-ui/index.html")).build());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("Swagger UI");
    }

    private JsonNode csc(String path, String token, String body) throws Exception {
        HttpResponse<String> response = cscRaw(path, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> cscRaw(String path, String token, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private byte[] signPdf(byte[] pdf) throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("file", new FilePart("result.pdf", pdf));
        form.put("format", "PAdES");
        form.put("level", "B-B");
        HttpResponse<byte[]> response = http.send(multipart("/api/v1/signatures", TOKENS.forRole("portal"), form),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains("result-signed.pdf");
        return response.body();
    }

    private JsonNode validate(byte[] document, String name) throws Exception {
        HttpResponse<String> response = post("/api/v1/validations", TOKENS.forRole("auditor"),
                Map.of("file", new FilePart(name, document)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo(type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.").doesNotContain(TestHome.path().toString());
    }

    private static Map<String, Object> pdfForm() {
        return Map.of("file", new FilePart("dossier.pdf", TestPdfs.simple("dossier")));
    }

    private HttpResponse<String> post(String path, String token, Map<String, Object> form) throws Exception {
        return http.send(multipart(path, token, form), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest multipart(String path, String token, Map<String, Object> form) throws IOException {
        String boundary = "signet-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> field : form.entrySet()) {
            body.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (field.getValue() instanceof List<?> files) {
                // several parts of the same name (multi-file dossiers, batches)
                for (int i = 0; i < files.size(); i++) {
                    FilePart file = (FilePart) files.get(i);
                    if (i > 0) {
                        body.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
                    }
                    body.write(("Content-Disposition: form-data; name=\"" + field.getKey() + "\"; filename=\"" + file.name()
                            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    body.write(file.content());
                    if (i < files.size() - 1) {
                        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            else if (field.getValue() instanceof FilePart file) {
                body.write(("Content-Disposition: form-data; name=\"" + field.getKey() + "\"; filename=\"" + file.name()
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write(file.content());
            }
            else {
                body.write(("Content-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n" + field.getValue())
                        .getBytes(StandardCharsets.UTF_8));
            }
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private record FilePart(String name, byte[] content) {
    }
}
