package org.signet.signer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.spi.DSSUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.core.audit.AuditEventType;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.LargePdfs;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.signer.credential.TokenCredentialStore;
import org.signet.signer.format.Packaging;
import org.signet.signer.format.VisibleSignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signing with the real SoftHSM keys in every format; each result checked by DSS (TOTAL_PASSED with
 * the dev trust anchor) and, where one exists, by an independent tool (pdfsig, pdftotext, xmlsec1,
 * openssl cms) that shares no code with DSS.
 */
class SigningServiceTest {

    private static Pkcs11HsmToken token;
    private static SigningService service;
    private static final RecordingAuditTrail audit = new RecordingAuditTrail();

    @BeforeAll
    static void setUp() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        var store = new TokenCredentialStore(token, Set.of("seal", "officer", "citizen"),
                PemCertificates.loadFile(TestHome.pki("chain.pem")));
        SignerProperties properties = TestSignerProperties.create();
        service = new SigningService(store, SignerConfiguration.formatSigners(token, properties,
                SignerConfiguration.dssContext(properties, null, null)), audit);
    }

    @AfterAll
    static void tearDown() {
        token.close();
    }

    // ---------------------------------------------------------------- PAdES

    @Test
    void signPdfWithRsaSealThenPdfsigAndDssReportValidSignature(@TempDir Path dir) throws Exception {
        Path signed = signPdfTo(dir, "seal");
        ExternalTool.Result pdfsig = ExternalTool.pdfsig(signed);
        assertThat(pdfsig.output()).contains("Signature is Valid").contains("Signet Development Organisation Seal");
        assertThat(pdfsig.output()).contains("ETSI.CAdES.detached");
        assertThat(DssVerdicts.assertAllPassed(1, file(signed)).getSignatureFormat(
                DssVerdicts.validate(file(signed)).getFirstSignatureId()).toString()).isEqualTo("PAdES-BASELINE-B");
    }

    @Test
    void signPdfWithEcKeyThenPdfsigReportsValidSignature(@TempDir Path dir) throws Exception {
        Path signed = signPdfTo(dir, "citizen");
        assertThat(ExternalTool.pdfsig(signed).output()).contains("Signature is Valid");
        DssVerdicts.assertAllPassed(1, file(signed));
    }

    @Test
    void signedPdfWhenOneSignedByteChangedThenPdfsigReportsDigestMismatch(@TempDir Path dir) throws Exception {
        Path signed = signPdfTo(dir, "seal");
        Path tampered = Files.write(dir.resolve("tampered.pdf"), TestPdfs.tamperTitle(Files.readAllBytes(signed)));
        ExternalTool.Result pdfsig = ExternalTool.pdfsig(tampered);
        assertThat(pdfsig.output()).doesNotContain("Signature is Valid").contains("Digest Mismatch");
    }

    @Test
    void signPdfWhenVisibleThenVietnameseTextIsOnThePageAndSignatureValid(@TempDir Path dir) throws Exception {
        DSSDocument image = new InMemoryDocument(TestImages.png(), "stamp.png");
        SignatureRequest request = new SignatureRequest(List.of(pdf("Kết quả giải quyết")), "officer",
                SignatureFormat.PADES, BaselineLevel.B_B, null, "Phê duyệt kết quả", "Hà Nội",
                new VisibleSignature(1, 300, 40, 260, 90, image), DossierMetadata.NONE, Caller.of("officer-1", "officer"), "req-v");
        Path signed = save(service.sign(request), dir.resolve("visible.pdf"));

        ExternalTool.Result text = ExternalTool.run(List.of("pdftotext", "-enc", "UTF-8", signed.toString(), "-"));
        String extracted = text.output().replaceAll("\\s+", " ");
        assertThat(extracted).contains("Ký bởi: Nguyễn Văn An").contains("Lý do: Phê duyệt kết quả")
                .contains("Nơi ký: Hà Nội").contains("Thời gian: 20");
        assertThat(ExternalTool.pdfsig(signed).output()).contains("Signature is Valid");
        DssVerdicts.assertAllPassed(1, file(signed));
    }

    @Test
    void signPdfTwiceOfficerThenSealThenBothSignaturesValid(@TempDir Path dir) throws Exception {
        SignedDocument byOfficer = service.sign(new SignatureRequest(List.of(pdf("Hồ sơ")), "officer",
                SignatureFormat.PADES, BaselineLevel.B_B, null, "Duyệt", null, VisibleSignature.defaultBox(null),
                DossierMetadata.NONE, Caller.of("officer-1", "officer"), "req-1"));
        DSSDocument officerSigned = new InMemoryDocument(DSSUtils.toByteArray(byOfficer.document()), "dossier.pdf");
        Path signed = save(service.sign(SignatureRequest.of(officerSigned, "seal", SignatureFormat.PADES, Caller.of("portal", "portal"), "req-2")),
                dir.resolve("twice.pdf"));

        String pdfsig = ExternalTool.pdfsig(signed).output();
        assertThat(pdfsig).contains("Signature #1").contains("Signature #2").contains("Nguyễn Văn An")
                .contains("Signet Development Organisation Seal");
        assertThat(pdfsig.split("Signature is Valid", -1)).hasSize(3);
        DssVerdicts.assertAllPassed(2, file(signed));
    }

    @Test
    void signPdfWhenLargeAndFileBackedThenSignedAsUploadPlusUpdateWithAuditedDigests(@TempDir Path dir) throws Exception {
        Path large = LargePdfs.write(dir.resolve("large.pdf"), 9L * 1024 * 1024);
        eu.europa.esig.dss.model.FileDocument input = new eu.europa.esig.dss.model.FileDocument(large.toFile());
        SignedDocument signed = service.sign(SignatureRequest.of(input, "seal", SignatureFormat.PADES,
                Caller.of("portal", "portal"), "req-large"));
        // No copy of the document: the answer is read from the upload and the small signed update.
        assertThat(signed.document()).isNotInstanceOf(eu.europa.esig.dss.model.FileDocument.class);
        Path copy = save(signed, dir.resolve("large-signed.pdf"));
        signed.release().run();
        assertThat(Files.size(copy)).isGreaterThan(Files.size(large));
        // The audited digests, known from the one pass, are those of the real input and output files.
        var record = audit.events().stream().filter(r -> "req-large".equals(r.requestId())).findFirst().orElseThrow();
        assertThat(record.attributes().get("inputDigest")).isEqualTo(sha256Hex(large));
        assertThat(record.documentDigest()).isEqualTo(sha256Hex(copy));
        assertThat(ExternalTool.pdfsig(copy).output()).contains("Signature is Valid");
        DssVerdicts.assertAllPassed(1, new eu.europa.esig.dss.model.FileDocument(copy.toFile()));
    }

    @Test
    void signWhenNotPdfThenUnsupportedDocument() {
        assertProblem(request("<xml/>".getBytes(StandardCharsets.UTF_8), "seal"), ProblemType.UNSUPPORTED_DOCUMENT);
    }

    @Test
    void signWhenEmptyThenBadRequest() {
        assertProblem(request(new byte[0], "seal"), ProblemType.BAD_REQUEST);
    }

    @Test
    void signWhenPdfHeaderButGarbageThenMalformedDocument() {
        assertProblem(request("%PDF-1.7\n this is not a PDF body".getBytes(StandardCharsets.US_ASCII), "seal"),
                ProblemType.MALFORMED_DOCUMENT);
    }

    @Test
    void signWhenCredentialIsInfrastructureKeyThenNotFound() {
        assertProblem(request(TestPdfs.simple("x"), "tsa"), ProblemType.CREDENTIAL_NOT_FOUND);
        assertProblem(request(TestPdfs.simple("x"), "audit"), ProblemType.CREDENTIAL_NOT_FOUND);
    }

    @Test
    void signWhenCredentialUnknownThenNotFound() {
        assertProblem(request(TestPdfs.simple("x"), "nobody"), ProblemType.CREDENTIAL_NOT_FOUND);
    }

    @Test
    void signWhenSeveralFilesForPadesThenBadRequest() {
        SignatureRequest request = new SignatureRequest(List.of(pdf("a"), pdf("b")), "seal", SignatureFormat.PADES,
                BaselineLevel.B_B, null, null, null, null, null, Caller.of("portal", "portal"), "req");
        assertProblem(request, ProblemType.BAD_REQUEST);
    }

    @Test
    void signWhenPackagingNotOfferedByFormatThenUnsupportedParameter() {
        SignatureRequest request = new SignatureRequest(List.of(pdf("a")), "seal", SignatureFormat.CADES,
                BaselineLevel.B_B, Packaging.ENVELOPED, null, null, null, null, Caller.of("portal", "portal"), "req");
        assertProblem(request, ProblemType.UNSUPPORTED_PARAMETER);
    }

    @Test
    void signWhenVisibleButNotPadesThenUnsupportedParameter() {
        SignatureRequest request = new SignatureRequest(List.of(xml()), "seal", SignatureFormat.XADES,
                BaselineLevel.B_B, null, null, null, VisibleSignature.defaultBox(null), null, Caller.of("portal", "portal"), "req");
        assertProblem(request, ProblemType.UNSUPPORTED_PARAMETER);
    }

    // ---------------------------------------------------------------- XAdES

    @Test
    void signXmlEnvelopedThenXmlsecAndDssVerify(@TempDir Path dir) throws Exception {
        Path signed = save(service.sign(xadesRequest(xml(), Packaging.ENVELOPED)), dir.resolve("signed.xml"));
        assertThat(Files.readString(signed)).contains("<ho-so").contains("Hồ sơ đăng ký");
        assertXmlsecVerifies(signed, dir);
        DssVerdicts.assertAllPassed(1, file(signed));
    }

    @Test
    void signXmlEnvelopingThenXmlsecAndDssVerify(@TempDir Path dir) throws Exception {
        Path signed = save(service.sign(xadesRequest(xml(), Packaging.ENVELOPING)), dir.resolve("enveloping.xml"));
        assertXmlsecVerifies(signed, dir);
        DssVerdicts.assertAllPassed(1, file(signed));
    }

    @Test
    void signXmlDetachedThenXmlsecAndDssVerifyWithTheOriginal(@TempDir Path dir) throws Exception {
        DSSDocument original = xml();
        original.save(dir.resolve("dossier.xml").toString());
        SignedDocument signed = service.sign(xadesRequest(original, Packaging.DETACHED));
        assertThat(signed.fileName()).isEqualTo("dossier-signature.xml");
        Path signature = save(signed, dir.resolve("dossier-signature.xml"));
        assertXmlsecVerifies(signature, dir);
        DssVerdicts.assertAllPassed(1, file(signature), original);
    }

    @Test
    void signXmlWithDoctypeThenUnsafeDocument() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assertProblem(xadesRequest(new InMemoryDocument(xxe.getBytes(StandardCharsets.UTF_8), "x.xml"), Packaging.ENVELOPED),
                ProblemType.UNSAFE_DOCUMENT);
        assertProblem(xadesRequest(new InMemoryDocument(xxe.getBytes(StandardCharsets.UTF_8), "x.xml"), Packaging.ENVELOPING),
                ProblemType.UNSAFE_DOCUMENT);
    }

    @Test
    void signXmlWhenNotWellFormedThenMalformedDocument() {
        assertProblem(xadesRequest(new InMemoryDocument("<a><b></a>".getBytes(StandardCharsets.UTF_8), "x.xml"),
                Packaging.ENVELOPED), ProblemType.MALFORMED_DOCUMENT);
    }

    // ---------------------------------------------------------------- CAdES, JAdES, ASiC-E

    @Test
    void signCadesDetachedThenOpensslCmsAndDssVerify(@TempDir Path dir) throws Exception {
        Path content = Files.write(dir.resolve("dossier.pdf"), TestPdfs.simple("CAdES"));
        SignedDocument signed = service.sign(SignatureRequest.of(new InMemoryDocument(Files.readAllBytes(content),
                "dossier.pdf"), "officer", SignatureFormat.CADES, Caller.of("portal", "portal"), "req-c"));
        assertThat(signed.fileName()).isEqualTo("dossier.pdf.p7s");
        assertThat(signed.mediaType()).isEqualTo("application/pkcs7-signature");
        Path p7s = save(signed, dir.resolve("dossier.pdf.p7s"));
        ExternalTool.Result openssl = ExternalTool.run(List.of("openssl", "cms", "-verify", "-binary", "-content",
                content.toString(), "-in", p7s.toString(), "-inform", "DER", "-CAfile", TestHome.pki("root-ca.pem").toString(),
                "-certfile", TestHome.pki("chain.pem").toString(), "-purpose", "any", "-out", "/dev/null"));
        assertThat(openssl.output()).contains("Verification successful");
        assertThat(openssl.exitCode()).isZero();
        DssVerdicts.assertAllPassed(1, file(p7s), new InMemoryDocument(Files.readAllBytes(content), "dossier.pdf"));

        Files.write(content, TestPdfs.simple("CAdES changed"));
        assertThat(ExternalTool.run(List.of("openssl", "cms", "-verify", "-binary", "-content", content.toString(), "-in",
                p7s.toString(), "-inform", "DER", "-CAfile", TestHome.pki("root-ca.pem").toString(), "-certfile",
                TestHome.pki("chain.pem").toString(), "-purpose", "any", "-out", "/dev/null")).exitCode()).isNotZero();
    }

    @Test
    void signJadesCompactThenDssVerifies() {
        SignedDocument signed = service.sign(new SignatureRequest(List.of(json()), "citizen", SignatureFormat.JADES,
                BaselineLevel.B_B, null, null, null, null, null, Caller.of("portal", "portal"), "req-j"));
        String jws = new String(DSSUtils.toByteArray(signed.document()), StandardCharsets.US_ASCII);
        assertThat(jws.split("\\.")).hasSize(3);
        assertThat(signed.mediaType()).isEqualTo("application/jose");
        DssVerdicts.assertAllPassed(1, signed.document());
    }

    @Test
    void signJadesJsonThenDssVerifies() {
        SignedDocument signed = service.sign(new SignatureRequest(List.of(json()), "seal", SignatureFormat.JADES,
                BaselineLevel.B_B, Packaging.JSON, null, null, null, null, Caller.of("portal", "portal"), "req-j"));
        assertThat(new String(DSSUtils.toByteArray(signed.document()), StandardCharsets.UTF_8)).contains("\"signatures\"");
        DssVerdicts.assertAllPassed(1, signed.document());
    }

    @Test
    void signAsicEWithXadesOverThreeFilesThenDssVerifiesAndCoversAll() {
        SignedDocument signed = service.sign(new SignatureRequest(List.of(pdf("don"), xml(), json()), "seal",
                SignatureFormat.ASIC_E_XADES, BaselineLevel.B_B, null, null, null, null, null, Caller.of("portal", "portal"), "req-a"));
        assertThat(signed.mediaType()).isEqualTo("application/vnd.etsi.asic-e+zip");
        var report = DssVerdicts.assertAllPassed(1, signed.document());
        assertThat(report.getSignatureScopes(report.getFirstSignatureId())).extracting(s -> s.getName())
                .contains("dossier.pdf", "dossier.xml", "dossier.json");
    }

    @Test
    void signAsicEWithCadesOverTwoFilesThenDssVerifies() {
        SignedDocument signed = service.sign(new SignatureRequest(List.of(pdf("don"), xml()), "citizen",
                SignatureFormat.ASIC_E_CADES, BaselineLevel.B_B, null, null, null, null, null, Caller.of("portal", "portal"), "req-a"));
        DssVerdicts.assertAllPassed(1, signed.document());
    }

    @Test
    void signAsicEWhenTwoFilesShareANameThenBadRequest() {
        assertProblem(new SignatureRequest(List.of(pdf("a"), pdf("b")), "seal", SignatureFormat.ASIC_E_XADES,
                BaselineLevel.B_B, null, null, null, null, null, Caller.of("portal", "portal"), "req"), ProblemType.BAD_REQUEST);
    }

    // ---------------------------------------------------------------- batch and audit

    @Test
    void signEachWhenOneDocumentIsBadThenOthersAreSignedAndAudited() {
        audit.clear();
        SignatureRequest batch = new SignatureRequest(List.of(pdf("một"), new InMemoryDocument(
                "not a pdf".getBytes(StandardCharsets.US_ASCII), "bad.txt"), pdf("ba")), "seal", SignatureFormat.PADES,
                BaselineLevel.B_B, null, null, null, null, new DossierMetadata("HS-1", "1.004227", "UBND Ha Noi"),
                Caller.of("portal", "portal"), "batch-1");
        List<BatchItemResult> results = service.signEach(batch);
        assertThat(results).extracting(BatchItemResult::succeeded).containsExactly(true, false, true);
        assertThat(results.get(1).problem()).isEqualTo(ProblemType.UNSUPPORTED_DOCUMENT);
        assertThat(results.get(2).requestId()).isEqualTo("batch-1-2");
        assertThat(audit.events()).hasSize(2).allSatisfy(event -> assertThat(event.attributes())
                .containsEntry("dossierId", "HS-1").containsEntry("procedureCode", "1.004227")
                .containsEntry("agency", "UBND Ha Noi"));
        DssVerdicts.assertAllPassed(1, results.get(0).signed().document());
    }

    @Test
    void signThenAuditRecordNamesCredentialFormatLevelAndSignedDigest() {
        audit.clear();
        SignedDocument signed = service.sign(request(TestPdfs.simple("audit"), "seal"));
        assertThat(audit.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AuditEventType.SIGNATURE_PRODUCED);
            assertThat(event.actor()).isEqualTo("portal-test");
            assertThat(event.requestId()).isEqualTo("req-1");
            assertThat(event.credentialId()).isEqualTo("seal");
            assertThat(event.attributes()).containsEntry("format", "PAdES").containsEntry("level", "B-B");
            assertThat(event.documentDigest()).isEqualTo(java.util.HexFormat.of().formatHex(
                    DSSUtils.digest(DigestAlgorithm.SHA256, signed.document())));
        });
    }

    @Test
    void signWhenAuditLogUnavailableThenNothingIsReleased() {
        audit.failing(true);
        try {
            assertThatThrownBy(() -> service.sign(request(TestPdfs.simple("x"), "seal")))
                    .isInstanceOfSatisfying(SignetException.class,
                            ex -> assertThat(ex.problemType()).isEqualTo(ProblemType.AUDIT_UNAVAILABLE));
        }
        finally {
            audit.failing(false);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertXmlsecVerifies(Path signed, Path dir) {
        ExternalTool.Result result = ExternalTool.run(List.of("sh", "-c", "cd '" + dir + "' && xmlsec1 --verify"
                + " --trusted-pem '" + TestHome.pki("root-ca.pem") + "' --untrusted-pem '" + TestHome.pki("issuing-ca.pem")
                + "' --id-attr:Id 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties' '" + signed + "'"));
        assertThat(result.output()).contains("OK");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private static Path signPdfTo(Path dir, String credential) throws Exception {
        SignedDocument signed = service.sign(request(TestPdfs.simple("Hồ sơ thử nghiệm"), credential));
        assertThat(signed.mediaType()).isEqualTo("application/pdf");
        assertThat(signed.fileName()).isEqualTo("dossier-signed.pdf");
        return save(signed, dir.resolve("signed-" + credential + ".pdf"));
    }

    private static String sha256Hex(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return java.util.HexFormat.of().formatHex(DSSUtils.digest(DigestAlgorithm.SHA256, in));
        }
    }

    private static Path save(SignedDocument signed, Path file) throws Exception {
        signed.document().save(file.toString());
        return file;
    }

    private static DSSDocument file(Path path) throws Exception {
        return new InMemoryDocument(Files.readAllBytes(path), path.getFileName().toString());
    }

    private static DSSDocument pdf(String text) {
        return new InMemoryDocument(TestPdfs.simple(text), "dossier.pdf");
    }

    private static DSSDocument xml() {
        return new InMemoryDocument(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ho-so id=\"HS-1\"><ten>Hồ sơ đăng ký"
                + " kinh doanh</ten><co-quan>UBND</co-quan></ho-so>").getBytes(StandardCharsets.UTF_8), "dossier.xml");
    }

    private static DSSDocument json() {
        return new InMemoryDocument("{\"hoSo\":\"HS-1\",\"ketQua\":\"Đã duyệt\"}".getBytes(StandardCharsets.UTF_8),
                "dossier.json");
    }

    private static SignatureRequest xadesRequest(DSSDocument document, Packaging packaging) {
        return new SignatureRequest(List.of(document), "seal", SignatureFormat.XADES, BaselineLevel.B_B, packaging, null,
                null, null, null, Caller.of("portal", "portal"), "req-x");
    }

    private static SignatureRequest request(byte[] content, String credential) {
        return SignatureRequest.of(new InMemoryDocument(content, "dossier.pdf"), credential, SignatureFormat.PADES,
                Caller.of("portal-test", "portal"), "req-1");
    }

    private static void assertProblem(SignatureRequest request, ProblemType type) {
        assertThatThrownBy(() -> service.sign(request))
                .isInstanceOfSatisfying(SignetException.class, ex -> assertThat(ex.problemType()).isEqualTo(type));
    }
}
