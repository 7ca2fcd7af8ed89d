package org.signet.verifier;

import java.nio.charset.StandardCharsets;
import java.util.List;

import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.verifier.trust.TrustConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Input handling of the validation service; verdicts on signed files are in the appliance's end-to-end test. */
class ValidationServiceTest {

    private static ValidationService service;

    @BeforeAll
    static void setUp() {
        VerifierProperties properties = new VerifierProperties(List.of(TestHome.pki("root-ca.pem")),
                List.of(TestHome.pki("root-ca.crl.pem"), TestHome.pki("issuing-ca.crl.pem")));
        service = new ValidationService(TrustConfiguration.certificateVerifier(properties),
                ValidationPolicyLoader.fromDefaultValidationPolicy().create());
    }

    @Test
    void validateWhenUnsignedPdfThenNoSignatures() {
        ValidationReport report = service.validate(TestPdfs.simple("unsigned"), "unsigned.pdf");
        assertThat(report.signaturesCount()).isZero();
        assertThat(report.signatures()).isEmpty();
        assertThat(report.documentName()).isEqualTo("unsigned.pdf");
    }

    @Test
    void validateWhenGarbageThenUnsupportedDocument() {
        assertProblem("just some text, not a signature".getBytes(StandardCharsets.UTF_8), ProblemType.UNSUPPORTED_DOCUMENT);
    }

    @Test
    void validateWhenEmptyThenBadRequest() {
        assertProblem(new byte[0], ProblemType.BAD_REQUEST);
    }

    private static void assertProblem(byte[] content, ProblemType type) {
        assertThatThrownBy(() -> service.validate(content, "upload.bin"))
                .isInstanceOfSatisfying(SignetException.class, ex -> assertThat(ex.problemType()).isEqualTo(type));
    }
}
