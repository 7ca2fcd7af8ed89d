package org.signet.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.signer.credential.TokenCredentialStore;
import org.signet.signer.pades.PadesDocumentSigner;
import org.signet.verifier.report.PdfReportRenderer;
import org.signet.verifier.report.ReportLanguage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PDF report of real validations (a PDF sealed with the SoftHSM key, and the same with a byte
 * changed in the signed range), read back with poppler's pdftotext: the Vietnamese labels with
 * their diacritics, the verdict and the signer must be in the text, and the English report too.
 */
class PdfReportTest {

    private static Pkcs11HsmToken token;
    private static byte[] sealed;
    private static ValidationService service;
    private static final RecordingAuditTrail AUDIT = new RecordingAuditTrail();
    private final PdfReportRenderer renderer = new PdfReportRenderer(Clock.systemUTC());

    @BeforeAll
    static void sign() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        TokenCredentialStore credentials = new TokenCredentialStore(token, Set.of("seal"),
                PemCertificates.loadFile(TestHome.pki("chain.pem")));
        PadesDocumentSigner signer = new PadesDocumentSigner(new CommonCertificateVerifier(), token);
        sealed = DSSUtils.toByteArray(signer.sign(new InMemoryDocument(TestPdfs.simple(TestPdfs.TAMPER_TARGET), "hs.pdf"),
                credentials.get("seal"), SignatureLevel.PAdES_BASELINE_B));
        service = TestValidationServices.service(List.of(TestHome.pki("root-ca.pem")),
                List.of(TestHome.pki("root-ca.crl.pem"), TestHome.pki("issuing-ca.crl.pem")),
                TestValidationServices.caffeine(), AUDIT);
    }

    @AfterAll
    static void close() {
        token.close();
    }

    @Test
    void renderWhenValidSealInVietnameseThenPdftotextShowsVietnameseVerdict(@TempDir Path dir) throws IOException {
        ValidationReport report = validateAsPdf(sealed, "hồ-sơ-đã-ký.pdf");

        String text = pdftotext(renderer.render(report, ReportLanguage.VI), dir);

        assertThat(text).contains("Báo cáo kiểm tra chữ ký số").contains("1/1 chữ ký hợp lệ")
                .contains("Chữ ký 1: HỢP LỆ").contains("TOTAL_PASSED").contains("Người ký")
                .contains("Signet Development Organisation Seal").contains("Toàn bộ tài liệu")
                .contains("Chuỗi chứng thư").contains("(tin cậy)").contains("hồ-sơ-đã-ký.pdf");
        assertThat(text).doesNotContain("KHÔNG HỢP LỆ");
    }

    @Test
    void renderWhenValidSealInEnglishThenPdftotextShowsEnglishVerdict(@TempDir Path dir) throws IOException {
        ValidationReport report = validateAsPdf(sealed, "sealed.pdf");

        String text = pdftotext(renderer.render(report, ReportLanguage.EN), dir);

        assertThat(text).contains("Signature validation report").contains("1 of 1 signatures valid").contains("Certificate")
                .contains("Signature 1: VALID").contains("TOTAL_PASSED").contains("Whole document")
                .contains("Signet Development Organisation Seal");
        assertThat(text).doesNotContain("chữ ký");
    }

    @Test
    void renderWhenSignedRangeTamperedThenPdftotextShowsInvalidAndHashFailure(@TempDir Path dir) throws IOException {
        ValidationReport report = validateAsPdf(TestPdfs.tamperTitle(sealed), "bị-sửa.pdf");

        String text = pdftotext(renderer.render(report, ReportLanguage.VI), dir);

        assertThat(text).contains("0/1 chữ ký hợp lệ").contains("Chữ ký 1: KHÔNG HỢP LỆ")
                .contains("TOTAL_FAILED / HASH_FAILURE").contains("Toàn vẹn (chưa bị sửa đổi)").contains("Không")
                .contains("Lỗi");
    }

    @Test
    void validateWhenPdfAskedTwiceThenSecondServedFromSimpleEntryAndBothAudited() {
        String digest = org.springframework.util.DigestUtils.md5DigestAsHex(sealed);
        byte[] document = TestPdfs.simple("Audit " + digest);
        int before = AUDIT.events().size();

        service.validate(new ValidationRequest(document, "a.pdf", List.of(), null, ReportKind.SIMPLE), "auditor-1");
        ValidationResult pdf = service.validate(new ValidationRequest(document, "a.pdf", List.of(), null, ReportKind.PDF),
                "auditor-1");

        assertThat(pdf.kind()).isEqualTo(ReportKind.PDF);
        assertThat(pdf.report().cached()).isTrue();
        assertThat(AUDIT.events().subList(before, AUDIT.events().size()))
                .extracting(e -> e.attributes().get("report") + ":" + e.attributes().get("cacheHit"))
                .containsExactly("simple:false", "pdf:true");
    }

    @Test
    void renderWhenNamesHoldCharactersWithoutGlyphsThenStillRenders(@TempDir Path dir) throws IOException {
        ValidationReport report = validateAsPdf(sealed, "名前\u0000\tfile.pdf");

        String text = pdftotext(renderer.render(report, ReportLanguage.VI), dir);

        assertThat(text).contains("file.pdf").contains("HỢP LỆ");
    }

    @Test
    void parseWhenUnknownLanguageThenUnsupportedParameter() {
        assertThat(ReportLanguage.parse(null)).isEqualTo(ReportLanguage.VI);
        assertThat(ReportLanguage.parse(" EN ")).isEqualTo(ReportLanguage.EN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportLanguage.parse("fr"))
                .isInstanceOf(org.signet.core.problem.SignetException.class).hasMessageContaining("vi, en");
    }

    private static ValidationReport validateAsPdf(byte[] document, String name) {
        return service.validate(new ValidationRequest(document, name, List.of(), null, ReportKind.PDF), "auditor-1")
                .report();
    }

    private static String pdftotext(byte[] pdf, Path dir) throws IOException {
        Path file = Files.write(dir.resolve("report.pdf"), pdf);
        Path text = dir.resolve("report.txt");
        ExternalTool.Result result = ExternalTool.run(List.of("pdftotext", "-enc", "UTF-8", file.toString(), text.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return Files.readString(text);
    }
}
