package org.signet.signer;

import java.util.List;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestHome;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.ExternalResourcesCRLSource;
import org.signet.core.pki.PemCertificates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DSS validation the way the verifier role configures it (dev root CA as the only trust anchor, the
 * dev PKI's CRL files, nothing fetched online; DSS's default policy), with detached contents where
 * the format needs them. Built on DSS directly: the verifier module's tests depend on the signer.
 */
final class DssVerdicts {

    static {
        // The dev CA's CRL must be newer than every certificate it speaks for: provisioning can sign it
        // in the same second as the last certificate, and the lifecycle tests issue new ones.
        refreshCrls();
    }

    /** Built per validation: the CRL files change when a test issues a certificate and refreshes them. */
    private static CertificateVerifier verifier() {
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        PemCertificates.loadFile(TestHome.pki("root-ca.pem")).forEach(trusted::addCertificate);
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        verifier.setAIASource(null);
        verifier.setOcspSource(null);
        verifier.setCrlSource(new ExternalResourcesCRLSource(new FileDocument(TestHome.pki("root-ca.crl.pem").toFile()),
                new FileDocument(TestHome.pki("issuing-ca.crl.pem").toFile())));
        return verifier;
    }
    private static final ValidationPolicy POLICY = ValidationPolicyLoader.fromDefaultValidationPolicy().create();

    private DssVerdicts() {
    }

    /** Re-signs the dev PKI's CRLs (hsm-config/dev-ca.sh crl), after certificates were issued. */
    static void refreshCrls() {
        ExternalTool.Result result = ExternalTool.run(List.of(TestHome.repoRoot().resolve("hsm-config/dev-ca.sh").toString(),
                "--home", TestHome.path().toString(), "crl"));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("dev-ca.sh crl failed: " + result.output());
        }
    }

    static SimpleReport validate(DSSDocument signed, DSSDocument... detached) {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(signed);
        validator.setCertificateVerifier(verifier());
        if (detached.length > 0) {
            validator.setDetachedContents(List.of(detached));
        }
        return validator.validateDocument(POLICY).getSimpleReport();
    }

    /** Every signature TOTAL_PASSED, and there are exactly {@code count} of them. */
    static SimpleReport assertAllPassed(int count, DSSDocument signed, DSSDocument... detached) {
        SimpleReport report = validate(signed, detached);
        assertThat(report.getSignatureIdList()).hasSize(count);
        for (String id : report.getSignatureIdList()) {
            assertThat(report.getIndication(id)).as("signature %s: %s %s", id, report.getSubIndication(id),
                    report.getAdESValidationErrors(id).stream().map(m -> m.getValue()).toList()).isEqualTo(Indication.TOTAL_PASSED);
        }
        return report;
    }
}
