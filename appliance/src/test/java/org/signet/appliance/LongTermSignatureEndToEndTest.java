package org.signet.appliance;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.signet.audit.AuditRecord;
import org.signet.audit.JdbcAuditTrail;
import org.signet.core.audit.AuditEventType;
import org.signet.core.pki.ConfiguredCrlSource;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.signer.longterm.HttpTspSource;
import org.signet.tsa.TimeStampAuthority;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long-term signatures over HTTP: B-T, B-LT and B-LTA in every format, time-stamped by Signet's own
 * TSA and carrying the development PKI's CRLs, validated by DSS offline against the development root
 * with NO revocation source (LT/LTA must carry their own); extension of B-B documents later; and
 * refusal of a credential whose certificate the development CA revoked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LongTermSignatureEndToEndTest {

    private static final TestTokens TOKENS = TestTokens.create();
    private static final Path DATABASE_DIR = TestDatabases.newDirectory("signet-ltv-db");
    private static final byte[] XML = "<dossier id=\"1\"><ten>Nguyễn Văn An</ten></dossier>".getBytes(StandardCharsets.UTF_8);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedApplicationProperties.register(registry, TOKENS, DATABASE_DIR);
    }

    /** The CRLs must be newer than every certificate they speak for (provisioning may sign both in one second). */
    @BeforeAll
    static void refreshCrls() {
        devCa("crl");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcAuditTrail auditTrail;

    @Autowired
    TimeStampAuthority authority;

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @CsvSource({
            "PAdES, , B-T, PAdES-BASELINE-T", "PAdES, , B-LT, PAdES-BASELINE-LT", "PAdES, , B-LTA, PAdES-BASELINE-LTA",
            "XAdES, enveloped, B-T, XAdES-BASELINE-T", "XAdES, enveloped, B-LT, XAdES-BASELINE-LT",
            "XAdES, enveloped, B-LTA, XAdES-BASELINE-LTA",
            "CAdES, detached, B-T, CAdES-BASELINE-T", "CAdES, detached, B-LT, CAdES-BASELINE-LT",
            "CAdES, detached, B-LTA, CAdES-BASELINE-LTA",
            "JAdES, , B-T, JAdES-BASELINE-T", "JAdES, , B-LT, JAdES-BASELINE-LT", "JAdES, json, B-LTA, JAdES-BASELINE-LTA",
            "ASiC-E-XAdES, , B-LTA, XAdES-BASELINE-LTA", "ASiC-E-CAdES, , B-LT, CAdES-BASELINE-LT" })
    void signAtLongTermLevelThenDssReportsThatLevelTotalPassedOffline(String format, String packaging, String level,
            String expected, @TempDir Path dir) throws Exception {
        boolean pdf = format.equals("PAdES");
        byte[] original = pdf ? TestPdfs.simple("Giấy phép " + level) : XML;
        String name = pdf ? "permit.pdf" : "dossier.xml";
        List<Object[]> form = new ArrayList<>();
        form.add(new Object[] { "file", name, original });
        form.add(new Object[] { "format", null, format });
        form.add(new Object[] { "level", null, level });
        if (packaging != null) {
            form.add(new Object[] { "packaging", null, packaging });
        }
        HttpResponse<byte[]> response = post("/api/v1/signatures", TOKENS.forRole("portal"), form);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);

        DSSDocument detached = format.equals("CAdES") ? new InMemoryDocument(original, name) : null;
        // T needs revocation data from outside the signature; LT and LTA carry their own.
        boolean withCrls = level.equals("B-T");
        SimpleReport report = validate(response.body(), withCrls, detached);
        assertAllPassed(report, expected);
        if (pdf) {
            Path file = Files.write(dir.resolve("signed.pdf"), response.body());
            assertThat(ExternalTool.pdfsig(file).output()).contains("Signature is Valid");
        }
        assertThat(auditTrail.read(1, auditTrail.head().sequence())).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo(AuditEventType.SIGNATURE_PRODUCED);
            assertThat(r.attributes()).containsEntry("level", level);
            assertThat(r.documentDigest()).isEqualTo(sha256(response.body()));
        });
    }

    @Test
    void signCadesAtBtThenSignatureTimestampTokenPassesOpensslTsVerify(@TempDir Path dir) throws Exception {
        HttpResponse<byte[]> response = post("/api/v1/signatures", TOKENS.forRole("portal"), List.of(
                new Object[] { "file", "dossier.xml", XML }, new Object[] { "format", null, "CAdES" },
                new Object[] { "level", null, "B-T" }));
        assertThat(response.statusCode()).isEqualTo(200);
        // The signature time-stamp is the id-aa-signatureTimeStampToken unsigned attribute of the signer info.
        CMSSignedData cms = new CMSSignedData(response.body());
        var signer = cms.getSignerInfos().getSigners().iterator().next();
        var attribute = signer.getUnsignedAttributes().get(
                org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        byte[] token = attribute.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded();
        Path tokenFile = Files.write(dir.resolve("token.der"), token);
        Path data = Files.write(dir.resolve("signature-value.bin"), signer.getSignature());
        ExternalTool.Result verify = ExternalTool.run(List.of("openssl", "ts", "-verify", "-token_in", "-in",
                tokenFile.toString(), "-data", data.toString(), "-CAfile", TestHome.pki("root-ca.pem").toString(),
                "-untrusted", TestHome.pki("chain.pem").toString()));
        assertThat(verify.output()).as(verify.output()).contains("Verification: OK");
    }

    @Test
    void extendPadesFromBbToLtaThenDssReportsLtaTotalPassedAndPdfsigValid(@TempDir Path dir) throws Exception {
        byte[] signed = sign("PAdES", null, "B-B", "decision.pdf", TestPdfs.simple("Quyết định"));
        HttpResponse<byte[]> extended = post("/api/v1/signatures/extensions", TOKENS.forRole("operator"), List.of(
                new Object[] { "file", "decision-signed.pdf", signed }, new Object[] { "level", null, "LTA" }));
        assertThat(extended.statusCode()).as(new String(extended.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(extended.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertAllPassed(validate(extended.body(), false, null), "PAdES-BASELINE-LTA");
        Path file = Files.write(dir.resolve("extended.pdf"), extended.body());
        assertThat(ExternalTool.pdfsig(file).output()).contains("Signature is Valid");
        assertThat(auditTrail.read(1, auditTrail.head().sequence())).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo(AuditEventType.SIGNATURE_EXTENDED);
            assertThat(r.actor()).isEqualTo("test-operator");
            assertThat(r.attributes()).containsEntry("operation", "extension").containsEntry("level", "B-LTA")
                    .containsEntry("inputDigest", sha256(signed));
            assertThat(r.documentDigest()).isEqualTo(sha256(extended.body()));
        });
    }

    @Test
    void extendDetachedXadesAndCadesAndCompactJadesThenEachValidatesAtTargetLevel() throws Exception {
        byte[] xades = sign("XAdES", "detached", "B-B", "dossier.xml", XML);
        HttpResponse<byte[]> xadesLt = post("/api/v1/signatures/extensions", TOKENS.forRole("portal"), List.of(
                new Object[] { "file", "dossier-signature.xml", xades }, new Object[] { "originals", "dossier.xml", XML },
                new Object[] { "level", null, "LT" }));
        assertThat(xadesLt.statusCode()).as(new String(xadesLt.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertAllPassed(validate(xadesLt.body(), false, new InMemoryDocument(XML, "dossier.xml")), "XAdES-BASELINE-LT");

        byte[] cades = sign("CAdES", null, "B-B", "dossier.xml", XML);
        HttpResponse<byte[]> cadesT = post("/api/v1/signatures/extensions", TOKENS.forRole("officer"), List.of(
                new Object[] { "file", "dossier.p7s", cades }, new Object[] { "originals", "dossier.xml", XML },
                new Object[] { "level", null, "T" }));
        assertThat(cadesT.statusCode()).as(new String(cadesT.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertAllPassed(validate(cadesT.body(), true, new InMemoryDocument(XML, "dossier.xml")), "CAdES-BASELINE-T");

        byte[] jades = sign("JAdES", "compact", "B-B", "dossier.xml", XML);
        HttpResponse<byte[]> jadesLta = post("/api/v1/signatures/extensions", TOKENS.forRole("portal"), List.of(
                new Object[] { "file", "dossier-signed.jws", jades }, new Object[] { "level", null, "B-LTA" }));
        assertThat(jadesLta.statusCode()).as(new String(jadesLta.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(jadesLta.headers().firstValue("Content-Disposition").orElseThrow()).contains(".json");
        assertAllPassed(validate(jadesLta.body(), false, null), "JAdES-BASELINE-LTA");
    }

    @Test
    void extendWhenUnsignedOrGarbageOrNoLevelOrWrongRoleThenProblems() throws Exception {
        assertProblem(post("/api/v1/signatures/extensions", TOKENS.forRole("portal"), List.of(
                new Object[] { "file", "plain.pdf", TestPdfs.simple("chưa ký") }, new Object[] { "level", null, "LTA" })),
                422, "not-signed");
        assertProblem(post("/api/v1/signatures/extensions", TOKENS.forRole("portal"), List.of(
                new Object[] { "file", "x.bin", "hello, not signed".getBytes(StandardCharsets.UTF_8) },
                new Object[] { "level", null, "LT" })), 415, "unsupported-document");
        assertProblem(post("/api/v1/signatures/extensions", TOKENS.forRole("portal"), List.<Object[]>of(
                new Object[] { "file", "x.pdf", TestPdfs.simple("x") })), 400, "bad-request");
        assertProblem(post("/api/v1/signatures/extensions", TOKENS.forRole("portal"), List.of(
                new Object[] { "file", "x.pdf", TestPdfs.simple("x") }, new Object[] { "level", null, "B" })),
                400, "unsupported-parameter");
        assertProblem(post("/api/v1/signatures/extensions", TOKENS.forRole("auditor"), List.of(
                new Object[] { "file", "x.pdf", TestPdfs.simple("x") }, new Object[] { "level", null, "T" })),
                403, "forbidden");
    }

    @Test
    void signJadesCompactAtBtThenUnsupportedParameter() throws Exception {
        assertProblem(post("/api/v1/signatures", TOKENS.forRole("portal"), List.of(new Object[] { "file", "d.xml", XML },
                new Object[] { "format", null, "JAdES" }, new Object[] { "packaging", null, "compact" },
                new Object[] { "level", null, "B-T" })), 400, "unsupported-parameter");
    }

    @Test
    void revokeCredentialCertificateThenSigningRefusedAuditedAndEarlierSignatureNoLongerValidates(@TempDir Path dir)
            throws Exception {
        String operator = TOKENS.forRole("operator");
        String id = "officer-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/api/v1/credentials"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"kind\":\"OFFICER\",\"owner\":\"test-officer\","
                        + "\"keyType\":\"EC-P256\",\"subject\":\"C=VN,O=Signet Test,CN=Lê Văn Thu Hồi\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Path csr = Files.writeString(dir.resolve("req.csr"), json.readTree(created.body()).path("csr").asString());
        Path cert = dir.resolve("cert.pem");
        devCa("issue", csr.toString(), cert.toString());
        devCa("crl");
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(uri("/api/v1/credentials/" + id + "/certificate"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/x-pem-file")
                .PUT(HttpRequest.BodyPublishers.ofString(Files.readString(cert) + Files.readString(TestHome.pki("chain.pem"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

        List<Object[]> form = List.of(new Object[] { "file", "qd.pdf", TestPdfs.simple("Quyết định") },
                new Object[] { "credential", null, id }, new Object[] { "level", null, "B-LT" });
        HttpResponse<byte[]> before = post("/api/v1/signatures", TOKENS.forRole("officer"), form);
        assertThat(before.statusCode()).as(new String(before.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertAllPassed(validate(before.body(), false, null), "PAdES-BASELINE-LT");
        byte[] basic = sign(id, "PAdES", null, "B-B", "qd.pdf", TestPdfs.simple("Quyết định 2"));

        devCa("revoke", cert.toString(), "keyCompromise");

        // (a) no restart: the re-read CRL refuses the credential, and the refusal is audited
        assertProblem(post("/api/v1/signatures", TOKENS.forRole("officer"), form), 409, "credential-revoked");
        assertThat(auditTrail.read(1, auditTrail.head().sequence())).filteredOn(r -> id.equals(r.credentialId()))
                .extracting(AuditRecord::type).contains(AuditEventType.SIGNATURE_REFUSED);
        // (b) its untimestamped signature no longer validates against the current CRL, and cannot be raised to LT
        SimpleReport report = validate(basic, true, null);
        assertThat(report.getIndication(report.getFirstSignatureId())).isNotEqualTo(Indication.TOTAL_PASSED);
        assertProblem(post("/api/v1/signatures/extensions", TOKENS.forRole("officer"), List.of(
                new Object[] { "file", "qd-signed.pdf", basic }, new Object[] { "level", null, "LT" })), 409, "credential-revoked");
    }

    @Test
    void httpTspSourceWhenTsaAnswersOverHttpThenTokenCoversTheDigestAndVerifiesWithTsaCertificate() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tsr", exchange -> {
            byte[] answer = authority.respond(exchange.getRequestBody().readAllBytes(), "external-test");
            exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            HttpTspSource source = new HttpTspSource(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsr"),
                    Duration.ofSeconds(10));
            byte[] digest = DSSUtils.digest(DigestAlgorithm.SHA256, "văn bản".getBytes(StandardCharsets.UTF_8));
            TimestampBinary binary = source.getTimeStampResponse(DigestAlgorithm.SHA256, digest);
            TimeStampToken token = new TimeStampToken(new CMSSignedData(binary.getBytes()));
            assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
            var tsaCert = PemCertificates.loadFile(TestHome.pki("certs/tsa.pem")).get(0).getCertificate();
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCert));
        }
        finally {
            server.stop(0);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void devCa(String... arguments) {
        List<String> command = new ArrayList<>(List.of(TestHome.repoRoot().resolve("hsm-config/dev-ca.sh").toString(),
                "--home", TestHome.path().toString()));
        command.addAll(List.of(arguments));
        ExternalTool.Result result = ExternalTool.run(command);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    /** DSS offline: the development root as the only anchor, no AIA, no OCSP; CRLs only if asked. */
    private static SimpleReport validate(byte[] signed, boolean withCrls, DSSDocument detached) {
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        PemCertificates.loadFile(TestHome.pki("root-ca.pem")).forEach(trusted::addCertificate);
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        verifier.setAIASource(null);
        verifier.setOcspSource(null);
        verifier.setCrlSource(withCrls ? new ConfiguredCrlSource(List.of(TestHome.pki("publish/crl"))) : null);
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(signed));
        validator.setCertificateVerifier(verifier);
        if (detached != null) {
            validator.setDetachedContents(List.of(detached));
        }
        return validator.validateDocument(ValidationPolicyLoader.fromDefaultValidationPolicy().create()).getSimpleReport();
    }

    private static void assertAllPassed(SimpleReport report, String level) {
        assertThat(report.getSignatureIdList()).isNotEmpty();
        for (String id : report.getSignatureIdList()) {
            assertThat(report.getIndication(id)).as("%s %s %s", report.getSubIndication(id),
                    report.getAdESValidationErrors(id).stream().map(m -> m.getValue()).toList(),
                    report.getAdESValidationWarnings(id).stream().map(m -> m.getValue()).toList())
                    .isEqualTo(Indication.TOTAL_PASSED);
            assertThat(report.getSignatureFormat(id).toString()).isEqualTo(level);
        }
    }

    private byte[] sign(String format, String packaging, String level, String name, byte[] content) throws Exception {
        return sign(null, format, packaging, level, name, content);
    }

    private byte[] sign(String credential, String format, String packaging, String level, String name, byte[] content)
            throws Exception {
        List<Object[]> form = new ArrayList<>();
        form.add(new Object[] { "file", name, content });
        form.add(new Object[] { "format", null, format });
        form.add(new Object[] { "level", null, level });
        if (packaging != null) {
            form.add(new Object[] { "packaging", null, packaging });
        }
        if (credential != null) {
            form.add(new Object[] { "credential", null, credential });
        }
        HttpResponse<byte[]> response = post("/api/v1/signatures",
                TOKENS.forRole(credential == null ? "portal" : "officer"), form);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response.body();
    }

    private void assertProblem(HttpResponse<byte[]> response, int status, String slug) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(body);
        assertThat(problem.path("type").asString()).isEqualTo("urn:signet:problem:" + slug);
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(body).doesNotContain("Exception").doesNotContain(TestHome.path().toString());
    }

    private static String sha256(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(DSSUtils.digest(DigestAlgorithm.SHA256, bytes));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Multipart form: each entry {name, fileName (null for a plain field), value (byte[] or String)}. */
    private HttpResponse<byte[]> post(String path, String token, List<Object[]> form) throws Exception {
        String boundary = "signet-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object[] field : form) {
            body.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (field[1] != null) {
                body.write(("Content-Disposition: form-data; name=\"" + field[0] + "\"; filename=\"" + field[1]
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write((byte[]) field[2]);
            }
            else {
                body.write(("Content-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[2])
                        .getBytes(StandardCharsets.UTF_8));
            }
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
