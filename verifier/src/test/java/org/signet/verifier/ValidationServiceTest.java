package org.signet.verifier;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.core.audit.AuditEventType;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Input handling of the validation service; verdicts on signed files are in the appliance's end-to-end test. */
class ValidationServiceTest {

    private static ValidationService service;
    private static final RecordingAuditTrail audit = new RecordingAuditTrail();

    @BeforeAll
    static void setUp() {
        service = TestValidationServices.service(List.of(TestHome.pki("root-ca.pem")),
                List.of(TestHome.pki("root-ca.crl.pem"), TestHome.pki("issuing-ca.crl.pem")),
                TestValidationServices.caffeine(), audit);
    }

    @Test
    void validateWhenUnsignedPdfThenNoSignatures() {
        audit.clear();
        ValidationReport report = service.validate(TestPdfs.simple("unsigned"), "unsigned.pdf", "auditor-1");
        assertThat(report.signaturesCount()).isZero();
        assertThat(report.signatures()).isEmpty();
        assertThat(report.documentName()).isEqualTo("unsigned.pdf");
        assertThat(audit.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AuditEventType.VALIDATION_PERFORMED);
            assertThat(event.actor()).isEqualTo("auditor-1");
            assertThat(event.documentDigest()).hasSize(64);
            assertThat(event.attributes()).containsEntry("signatures", "0");
        });
    }

    @Test
    void validateWhenGarbageThenUnsupportedDocument() {
        assertProblem("just some text, not a signature".getBytes(StandardCharsets.UTF_8), ProblemType.UNSUPPORTED_DOCUMENT);
    }

    @Test
    void validateWhenEmptyThenBadRequest() {
        assertProblem(new byte[0], ProblemType.BAD_REQUEST);
    }

    @Test
    void validateWhenTooManyOriginalsThenBadRequest() {
        List<ValidationRequest.Original> originals = java.util.stream.IntStream.range(0, 21)
                .mapToObj(i -> new ValidationRequest.Original("o" + i, new byte[] { 1 })).toList();
        ValidationRequest request = new ValidationRequest(TestPdfs.simple("x"), "x.pdf", originals, null, ReportKind.SIMPLE);
        assertThatThrownBy(() -> service.validate(request, "auditor-1"))
                .isInstanceOfSatisfying(SignetException.class, ex -> assertThat(ex.problemType()).isEqualTo(ProblemType.BAD_REQUEST));
    }

    private static void assertProblem(byte[] content, ProblemType type) {
        assertThatThrownBy(() -> service.validate(content, "upload.bin", "auditor-1"))
                .isInstanceOfSatisfying(SignetException.class, ex -> assertThat(ex.problemType()).isEqualTo(type));
    }
}
