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
import org.signet.verifier.VerifierProperties;
import org.signet.verifier.trust.TrustConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DSS validation exactly as the verifier role does it (dev root CA as the only trust anchor, the dev
 * PKI's CRLs), with detached contents where the format needs them.
 */
final class DssVerdicts {

    static {
        // The dev CA's CRL must be newer than every certificate it speaks for: provisioning can sign it
        // in the same second as the last certificate, and the lifecycle tests issue new ones.
        refreshCrls();
    }

    /** Built per validation: the CRL files change when a test issues a certificate and refreshes them. */
    private static CertificateVerifier verifier() {
        return TrustConfiguration.certificateVerifier(new VerifierProperties(List.of(TestHome.pki("root-ca.pem")),
                List.of(TestHome.pki("root-ca.crl.pem"), TestHome.pki("issuing-ca.crl.pem"))));
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
