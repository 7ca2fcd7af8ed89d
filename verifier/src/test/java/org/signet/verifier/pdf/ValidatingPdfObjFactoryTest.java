package org.signet.verifier.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pdf.IPdfObjFactory;
import eu.europa.esig.dss.pdf.ServiceLoaderPdfObjFactory;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.validation.reports.Reports;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.signer.credential.TokenCredentialStore;
import org.signet.signer.pades.PadesDocumentSigner;
import org.signet.verifier.VerifierProperties;
import org.signet.verifier.trust.TrustConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signet's PDF services must leave DSS's findings as they are: the whole diagnostic data (every PDF
 * modification finding, every signature and revision detail) is compared byte for byte with DSS's own
 * services, on the conformance corpus (shadow attacks, added pages, overlapping byte ranges, filled
 * forms) and on Signet's own signatures, one and two per file, untouched and with a visible change
 * appended after signing. Real SoftHSM keys for Signet's signatures.
 */
class ValidatingPdfObjFactoryTest {

    private static final Path PADES = Path.of("src/test/resources/corpus/pades");
    private static final Date AT = new Date(1_790_000_000_000L);
    private static final CertificateVerifier OFFLINE = TrustConfiguration.certificateVerifier(
            VerifierProperties.of(List.of(), List.of()));

    private static Pkcs11HsmToken token;
    private static TokenCredentialStore credentials;
    private static PadesDocumentSigner signer;

    @BeforeAll
    static void setUp() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        credentials = new TokenCredentialStore(token, Set.of("seal", "officer"), PemCertificates.loadFile(TestHome.pki("chain.pem")));
        signer = new PadesDocumentSigner(new CommonCertificateVerifier(), token);
    }

    @AfterAll
    static void tearDown() {
        token.close();
    }

    static Stream<String> corpusPdfs() throws IOException {
        try (Stream<Path> files = Files.list(PADES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pdf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusPdfs")
    void diagnosticDataWhenCorpusPdfThenSameAsDss(String file) throws IOException {
        byte[] pdf = Files.readAllBytes(PADES.resolve(file));

        assertThat(validate(pdf, new ValidatingPdfObjFactory(10)).getXmlDiagnosticData())
                .isEqualTo(validate(pdf, new ServiceLoaderPdfObjFactory()).getXmlDiagnosticData());
    }

    @Test
    void diagnosticDataWhenSignetSignedOnceThenWholeFileAndSameAsDss() {
        byte[] pdf = seal(TestPdfs.simple("Quyết định phê duyệt hồ sơ"));

        Reports ours = validate(pdf, new ValidatingPdfObjFactory(10));

        assertThat(wholeFile(pdf, ours.getDiagnosticData())).containsExactly(true);
        assertThat(ours.getDiagnosticData().getSignatures()).singleElement()
                .satisfies(s -> assertThat(s.arePdfModificationsDetected()).isFalse());
        assertThat(ours.getXmlDiagnosticData()).isEqualTo(validate(pdf, new ServiceLoaderPdfObjFactory()).getXmlDiagnosticData());
    }

    @Test
    void diagnosticDataWhenOfficerThenSealThenOnlyLastIsWholeFileAndSameAsDss() {
        DSSDocument byOfficer = signer.sign(new InMemoryDocument(TestPdfs.simple("Hồ sơ"), "dossier.pdf"),
                credentials.get("officer"), SignatureLevel.PAdES_BASELINE_B);
        byte[] pdf = seal(DSSUtils.toByteArray(byOfficer));

        Reports ours = validate(pdf, new ValidatingPdfObjFactory(10));

        assertThat(wholeFile(pdf, ours.getDiagnosticData())).containsExactlyInAnyOrder(false, true);
        assertThat(ours.getXmlDiagnosticData()).isEqualTo(validate(pdf, new ServiceLoaderPdfObjFactory()).getXmlDiagnosticData());
    }

    @Test
    void diagnosticDataWhenPageDrawnOverAfterSigningThenVisualDifferenceAsDss() throws IOException {
        byte[] pdf = drawOverFirstPage(seal(TestPdfs.simple("Số tiền: 1.000.000 đồng")));

        Reports ours = validate(pdf, new ValidatingPdfObjFactory(10));

        assertThat(wholeFile(pdf, ours.getDiagnosticData())).containsExactly(false);
        assertThat(ours.getDiagnosticData().getSignatures()).singleElement().satisfies(s -> {
            assertThat(s.arePdfModificationsDetected()).isTrue();
            assertThat(s.getPdfVisualDifferenceConcernedPages()).containsExactly(BigInteger.ONE);
        });
        assertThat(ours.getXmlDiagnosticData()).isEqualTo(validate(pdf, new ServiceLoaderPdfObjFactory()).getXmlDiagnosticData());
    }

    private static byte[] seal(byte[] pdf) {
        return DSSUtils.toByteArray(signer.sign(new InMemoryDocument(pdf, "dossier.pdf"), credentials.get("seal"),
                SignatureLevel.PAdES_BASELINE_B));
    }

    /** Appends an incremental update that paints a black box over the top of page 1 (a post-signing change). */
    private static byte[] drawOverFirstPage(byte[] signed) throws IOException {
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDPage page = document.getPage(0);
            try (PDPageContentStream over = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, false)) {
                over.addRect(60, 740, 400, 40);
                over.fill();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            document.getPages().getCOSObject().setNeedToBeUpdated(true);
            document.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            byte[] changed = out.toByteArray();
            assertThat(changed.length).isGreaterThan(signed.length);
            return changed;
        }
    }

    /** For each signature, whether its signed revision is the whole file, as the factory decides it. */
    private static List<Boolean> wholeFile(byte[] pdf, DiagnosticData diagnostics) {
        return diagnostics.getSignatures().stream().map(SignatureWrapper::getPDFRevision)
                .map(revision -> revision.getSignatureByteRange().stream().map(BigInteger::intValueExact).toList())
                .map(range -> ValidatingPdfObjFactory.signedRevisionIsWholeFile(new InMemoryDocument(pdf),
                        new eu.europa.esig.dss.pades.validation.ByteRange(range.stream().mapToInt(Integer::intValue).toArray())))
                .toList();
    }

    private static Reports validate(byte[] pdf, IPdfObjFactory objects) {
        PDFDocumentValidator validator = new PDFDocumentValidator(new InMemoryDocument(pdf, "test.pdf"));
        validator.setCertificateVerifier(OFFLINE);
        validator.setPdfObjFactory(objects);
        validator.setValidationTime(AT);
        return validator.validateDocument();
    }
}
