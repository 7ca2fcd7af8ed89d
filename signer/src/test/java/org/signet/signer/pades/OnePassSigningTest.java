package org.signet.signer.pades;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Date;
import java.util.Set;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.signature.resources.TempFileResourcesHandlerBuilder;
import eu.europa.esig.dss.spi.DSSASN1Utils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.simplereport.SimpleReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.LargePdfs;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.signer.DssVerdictsAccess;
import org.signet.signer.credential.Credential;
import org.signet.signer.credential.TokenCredentialStore;
import org.signet.signer.format.HashedFileDocument;
import org.signet.signer.format.Packaging;
import org.signet.signer.format.SigningOptions;
import org.signet.signer.format.TwoPhaseSigning;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass PAdES path ({@link OnePassSignatureService}) against DSS's own: for the same
 * document, credential and signing time the signed PDF is byte for byte what DSS's stock PDFBox
 * service writes (RSA PKCS#1 v1.5 signatures are deterministic), on a small in-memory PDF and on a
 * 64 MB file-backed one; the result validates in DSS and in poppler's pdfsig; one changed byte of
 * the original part is caught by both; and the digests it reports for the audit log are the real
 * SHA-256 of input and output.
 */
class OnePassSigningTest {

    private static final long LARGE = 64L * 1024 * 1024;

    private static Pkcs11HsmToken token;
    private static Credential seal;

    @BeforeAll
    static void setUp() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        seal = new TokenCredentialStore(token, Set.of("seal"), PemCertificates.loadFile(TestHome.pki("chain.pem"))).get("seal");
    }

    @AfterAll
    static void tearDown() {
        token.close();
    }

    @Test
    void signWhenSmallInMemoryPdfThenSameBytesAsDssAndValid(@TempDir Path dir) throws Exception {
        DSSDocument pdf = new InMemoryDocument(TestPdfs.simple("One pass"), "small.pdf");
        Date date = new Date(System.currentTimeMillis() / 1000 * 1000); // one signing time for both signers

        DSSDocument ours = sign(onePassService(), pdf, date);
        DSSDocument dss = sign(stockService(), pdf, date);

        assertThat(ours).isInstanceOf(SignedPdf.class);
        assertThat(bytes(ours)).isEqualTo(bytes(dss));
        Path signed = Files.write(dir.resolve("small-signed.pdf"), bytes(ours));
        assertThat(ExternalTool.pdfsig(signed).output()).contains("Signature is Valid");
        DssVerdictsAccess.assertAllPassed(1, new FileDocument(signed.toFile()));
        assertThat(((SignedPdf) ours).inputDigest()).isEqualTo(sha256(bytes(pdf)));
        assertThat(ours.getDigestValue(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256)).isEqualTo(sha256(bytes(ours)));
    }

    @Test
    void signWhenLargeFilePdfThenSameBytesAsDssValidAndTamperingDetected(@TempDir Path dir) throws Exception {
        Path large = LargePdfs.write(dir.resolve("large.pdf"), LARGE);
        FileDocument pdf = new FileDocument(large.toFile());
        pdf.setName("large.pdf");
        Date date = new Date(System.currentTimeMillis() / 1000 * 1000); // one signing time for both signers
        TempFileResourcesHandlerBuilder dssFiles = new TempFileResourcesHandlerBuilder();
        try {
            DSSDocument ours = sign(onePassService(), pdf, date);
            Path signed = save(ours, dir.resolve("large-signed.pdf"));
            PAdESService stock = stockService();
            PdfBoxNativeObjectFactory fileBacked = new PdfBoxNativeObjectFactory();
            fileBacked.setResourcesHandlerBuilder(dssFiles);
            stock.setPdfObjFactory(fileBacked);
            Path byDss = save(sign(stock, pdf, date), dir.resolve("large-dss.pdf"));

            assertThat(ours).isInstanceOf(SignedPdf.class);
            assertThat(Files.size(signed)).isEqualTo(Files.size(byDss)).isGreaterThan(Files.size(large));
            assertThat(Files.mismatch(signed, byDss)).as("first differing byte").isEqualTo(-1L);
            assertThat(((SignedPdf) ours).inputDigest()).isEqualTo(sha256(large));
            assertThat(ours.getDigestValue(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256)).isEqualTo(sha256(signed));

            assertThat(ExternalTool.pdfsig(signed).output()).contains("Signature is Valid");
            DssVerdictsAccess.assertAllPassed(1, new FileDocument(signed.toFile()));

            // One byte of the original part (inside the filler stream, far from the signature) changed.
            try (RandomAccessFile file = new RandomAccessFile(signed.toFile(), "rw")) {
                long offset = LARGE / 2;
                file.seek(offset);
                int b = file.read();
                file.seek(offset);
                file.write(b ^ 0x01);
            }
            assertThat(ExternalTool.pdfsig(signed).output()).doesNotContain("Signature is Valid").contains("Digest Mismatch");
            SimpleReport report = validate(signed);
            assertThat(report.getIndication(report.getFirstSignatureId()).name()).isEqualTo("TOTAL_FAILED");
            assertThat(String.valueOf(report.getSubIndication(report.getFirstSignatureId()))).isEqualTo("HASH_FAILURE");
        }
        finally {
            dssFiles.clear();
        }
    }

    /**
     * A raw upload hashed as it was written: the one-pass signer continues that SHA-256 state and does
     * not read the original again. Same bytes as DSS with the right state; with the state of other
     * content the signature covers that content (pdfsig: digest mismatch), which shows the state, not
     * the file, went into the signature.
     */
    @Test
    void signWhenUploadAlreadyHashedThenStateContinuedAndOriginalNotReadAgain(@TempDir Path dir) throws Exception {
        Path file = LargePdfs.write(dir.resolve("hashed.pdf"), 8L * 1024 * 1024);
        Date date = new Date(System.currentTimeMillis() / 1000 * 1000);
        FileDocument plain = new FileDocument(file.toFile());
        plain.setName("hashed.pdf");

        DSSDocument ours = sign(onePassService(), new HashedFileDocument(file.toFile(), "hashed.pdf", state(Files.readAllBytes(file))), date);
        Path signed = save(ours, dir.resolve("hashed-signed.pdf"));
        assertThat(Files.mismatch(signed, save(sign(stockService(), plain, date), dir.resolve("hashed-dss.pdf")))).isEqualTo(-1L);
        assertThat(((SignedPdf) ours).inputDigest()).isEqualTo(sha256(file));
        assertThat(ours.getDigestValue(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256)).isEqualTo(sha256(signed));
        assertThat(ExternalTool.pdfsig(signed).output()).contains("Signature is Valid");

        byte[] other = Files.readAllBytes(file);
        other[other.length / 2] ^= 0x01;
        DSSDocument wrong = sign(onePassService(), new HashedFileDocument(file.toFile(), "hashed.pdf", state(other)), date);
        assertThat(((SignedPdf) wrong).inputDigest()).isEqualTo(sha256(other));
        assertThat(ExternalTool.pdfsig(save(wrong, dir.resolve("wrong-signed.pdf"))).output())
                .doesNotContain("Signature is Valid").contains("Digest Mismatch");
    }

    private static MessageDigest state(byte[] content) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(content);
        return digest;
    }

    @Test
    void documentIdWhenComputedFromKnownSizeThenDssFormula() {
        // DSS: size plus the characters of "<deterministic id>-<name>" shifted in, byte by byte.
        assertThat(OnePassSignatureService.documentId("ab", "c", 10)).isEqualTo(10 + 'a' + ((long) 'b' << 8)
                + ((long) '-' << 16) + ((long) 'c' << 24));
        assertThat(OnePassSignatureService.documentId("ab", null, 0)).isEqualTo('a' + ((long) 'b' << 8));
    }

    private static SimpleReport validate(Path signed) {
        eu.europa.esig.dss.validation.SignedDocumentValidator validator =
                eu.europa.esig.dss.validation.SignedDocumentValidator.fromDocument(new FileDocument(signed.toFile()));
        validator.setCertificateVerifier(new CommonCertificateVerifier());
        return validator.validateDocument().getSimpleReport();
    }

    private static PAdESService onePassService() {
        PAdESService service = new PAdESService(new CommonCertificateVerifier());
        service.setPdfObjFactory(new FastInsertionObjectFactory());
        return service;
    }

    private static PAdESService stockService() {
        PAdESService service = new PAdESService(new CommonCertificateVerifier());
        service.setPdfObjFactory(new PdfBoxNativeObjectFactory());
        return service;
    }

    /** What PadesDocumentSigner sets for an invisible B-B signature, with a fixed signing time. */
    private static DSSDocument sign(PAdESService service, DSSDocument pdf, Date date) {
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        TwoPhaseSigning.prepare(parameters, seal, new SigningOptions(SignatureLevel.PAdES_BASELINE_B, Packaging.ENVELOPED,
                date, null, null, null));
        parameters.setSignerName(DSSASN1Utils.getHumanReadableName(seal.getCertificate()));
        return new TwoPhaseSigning(token).sign(service, pdf, parameters, seal);
    }

    private static Path save(DSSDocument document, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            document.writeTo(out);
        }
        return file;
    }

    private static byte[] bytes(DSSDocument document) throws IOException {
        try (InputStream in = document.openStream()) {
            return in.readAllBytes();
        }
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] block = new byte[1 << 16];
            for (int n; (n = in.read(block)) > 0;) {
                digest.update(block, 0, n);
            }
        }
        return digest.digest();
    }
}
