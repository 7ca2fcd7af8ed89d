package org.signet.verifier;

import java.util.List;
import java.util.Set;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.signer.credential.TokenCredentialStore;
import org.signet.signer.pades.PadesDocumentSigner;
import org.signet.verifier.cache.NoReportCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signet's own signatures under the shipped strict-PDF policy: an officer signature followed by the
 * organisation seal (a later signature by incremental save) must keep both valid, and a change
 * inside the signed range must fail. Real SoftHSM keys, real DSS, the development trust anchor.
 */
class OwnSignaturesTest {

    private static Pkcs11HsmToken token;
    private static TokenCredentialStore credentials;
    private static PadesDocumentSigner signer;
    private static ValidationService service;

    @BeforeAll
    static void setUp() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        credentials = new TokenCredentialStore(token, Set.of("seal", "officer"), PemCertificates.loadFile(TestHome.pki("chain.pem")));
        signer = new PadesDocumentSigner(new CommonCertificateVerifier(), token);
        service = TestValidationServices.service(List.of(TestHome.pki("root-ca.pem")),
                List.of(TestHome.pki("root-ca.crl.pem"), TestHome.pki("issuing-ca.crl.pem")), new NoReportCache(),
                new RecordingAuditTrail());
    }

    @AfterAll
    static void tearDown() {
        token.close();
    }

    @Test
    void validateWhenOfficerThenSealSignedThenBothPassStrictPolicy() {
        byte[] twice = officerThenSeal("Quyết định phê duyệt hồ sơ");

        ValidationReport report = service.validate(twice, "officer-then-seal.pdf", "auditor-1");

        assertThat(report.signaturesCount()).isEqualTo(2);
        assertThat(report.signatures()).allSatisfy(v -> {
            assertThat(v.indication()).isEqualTo("TOTAL_PASSED");
            assertThat(v.intact()).isTrue();
            assertThat(v.level()).isEqualTo("PAdES-BASELINE-B");
            assertThat(v.certificate().chain()).last().satisfies(anchor -> assertThat(anchor.trusted()).isTrue());
        });
        assertThat(report.signatures()).extracting(SignatureVerdict::scope).containsExactlyInAnyOrder("PARTIAL", "FULL");
        assertThat(report.signatures()).extracting(SignatureVerdict::signedBy)
                .contains("Signet Development Organisation Seal");
    }

    @Test
    void validateWhenSignedRangeChangedThenHashFailure() {
        byte[] tampered = TestPdfs.tamperTitle(officerThenSeal("Signet tamper target"));

        ValidationReport report = service.validate(tampered, "tampered.pdf", "auditor-1");

        assertThat(report.signatures()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.indication()).isEqualTo("TOTAL_FAILED");
            assertThat(v.subIndication()).isEqualTo("HASH_FAILURE");
            assertThat(v.intact()).isFalse();
        });
    }

    private static byte[] officerThenSeal(String text) {
        DSSDocument pdf = new InMemoryDocument(TestPdfs.simple(text), "dossier.pdf");
        DSSDocument byOfficer = signer.sign(pdf, credentials.get("officer"), SignatureLevel.PAdES_BASELINE_B);
        DSSDocument sealed = signer.sign(byOfficer, credentials.get("seal"), SignatureLevel.PAdES_BASELINE_B);
        return DSSUtils.toByteArray(sealed);
    }
}
