package org.signet.signer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
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
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.signer.credential.TokenCredentialStore;
import org.signet.signer.pades.PadesDocumentSigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signing with the real SoftHSM keys; results checked by poppler's pdfsig, which shares no code with DSS. */
class SigningServiceTest {

    private static Pkcs11HsmToken token;
    private static SigningService service;
    private static final RecordingAuditTrail audit = new RecordingAuditTrail();

    @BeforeAll
    static void setUp() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        var store = new TokenCredentialStore(token, Set.of("seal", "citizen"), PemCertificates.loadFile(TestHome.pki("chain.pem")));
        service = new SigningService(store, new PadesDocumentSigner(new CommonCertificateVerifier(), token), audit);
    }

    @AfterAll
    static void tearDown() {
        token.close();
    }

    @Test
    void signPdfWithRsaSealThenPdfsigReportsValidSignature(@TempDir Path dir) throws Exception {
        Path signed = signTo(dir, "seal");
        ExternalTool.Result pdfsig = ExternalTool.pdfsig(signed);
        assertThat(pdfsig.output()).contains("Signature is Valid").contains("Signet Development Organisation Seal");
        assertThat(pdfsig.output()).contains("ETSI.CAdES.detached");
    }

    @Test
    void signPdfWithEcKeyThenPdfsigReportsValidSignature(@TempDir Path dir) throws Exception {
        Path signed = signTo(dir, "citizen");
        assertThat(ExternalTool.pdfsig(signed).output()).contains("Signature is Valid");
    }

    @Test
    void signedPdfWhenOneSignedByteChangedThenPdfsigReportsDigestMismatch(@TempDir Path dir) throws Exception {
        Path signed = signTo(dir, "seal");
        Path tampered = Files.write(dir.resolve("tampered.pdf"), TestPdfs.tamperTitle(Files.readAllBytes(signed)));
        ExternalTool.Result pdfsig = ExternalTool.pdfsig(tampered);
        assertThat(pdfsig.output()).doesNotContain("Signature is Valid").contains("Digest Mismatch");
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
    void signThenAuditRecordNamesCredentialFormatLevelAndSignedDigest() throws Exception {
        audit.clear();
        SignedDocument signed = service.sign(request(TestPdfs.simple("audit"), "seal"));
        assertThat(audit.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AuditEventType.SIGNATURE_PRODUCED);
            assertThat(event.actor()).isEqualTo("portal-test");
            assertThat(event.requestId()).isEqualTo("req-1");
            assertThat(event.credentialId()).isEqualTo("seal");
            assertThat(event.attributes()).containsEntry("format", "PAdES").containsEntry("level", "B-B");
            assertThat(event.documentDigest()).isEqualTo(java.util.HexFormat.of().formatHex(
                    eu.europa.esig.dss.spi.DSSUtils.digest(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256, signed.document())));
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

    private static Path signTo(Path dir, String credential) throws Exception {
        SignedDocument signed = service.sign(request(TestPdfs.simple("Hồ sơ thử nghiệm"), credential));
        assertThat(signed.mediaType()).isEqualTo("application/pdf");
        assertThat(signed.fileName()).isEqualTo("dossier-signed.pdf");
        Path file = dir.resolve("signed-" + credential + ".pdf");
        signed.document().save(file.toString());
        return file;
    }

    private static SignatureRequest request(byte[] content, String credential) {
        return new SignatureRequest(content, "dossier.pdf", credential, SignatureFormat.PADES, BaselineLevel.B_B,
                "portal-test", "req-1");
    }

    private static void assertProblem(SignatureRequest request, ProblemType type) {
        assertThatThrownBy(() -> service.sign(request))
                .isInstanceOfSatisfying(SignetException.class, ex -> assertThat(ex.problemType()).isEqualTo(type));
    }
}
