package org.signet.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.verifier.cache.NoReportCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signet's verdicts on the DSS 6.3 conformance corpus (src/test/resources/corpus, see its README):
 * intact or not, indication/sub-indication per signature under the shipped strict-PDF policy, and
 * hostile inputs (XXE, ZIP bomb) refused as a problem before DSS parses them. Offline, no trust
 * anchor unless the manifest's configuration names one.
 */
class ConformanceTest {

    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final String NO_CHAIN = "INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND";
    private static final String FORMAT_FAILURE = "TOTAL_FAILED/FORMAT_FAILURE";
    private static final Map<String, ValidationService> SERVICES = new ConcurrentHashMap<>();

    /** One manifest row as we assert it: expected "INDICATION/SUB" and intactness per signature. */
    record Case(String file, String anchor, String validationTime, List<String> verdicts, List<Boolean> intact) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Case> corpus() {
        return Stream.of(
                new Case("pades/pdf-signed-original.pdf", null, null, List.of(NO_CHAIN), List.of(true)),
                new Case("pades/pdf-signed-out-of-byteRange.pdf", null, null, List.of(FORMAT_FAILURE), List.of(false)),
                new Case("pades/pdf-signed-added-page.pdf", null, null, List.of(FORMAT_FAILURE), List.of(true)),
                // strict policy: the ByteRange collision fails the first signature too (DSS default: INDETERMINATE)
                new Case("pades/pdf-byterange-overlap.pdf", null, null, List.of(FORMAT_FAILURE, FORMAT_FAILURE), List.of(true, false)),
                // a later signature by incremental save is legitimate: not failed
                new Case("pades/hello_signed_INCSAVE_signed.pdf", null, null, List.of(NO_CHAIN, NO_CHAIN), List.of(true, true)),
                new Case("pades/pdf-spoofing-attack.pdf", null, null, List.of(FORMAT_FAILURE), List.of(true)),
                // shadow attack: DSS default only warns; the strict policy fails it
                new Case("pades/dss-2236-hide.pdf", null, null, List.of(FORMAT_FAILURE), List.of(true)),
                new Case("pades/dss-2236-annotation-and-visible-change.pdf", null, null,
                        List.of(FORMAT_FAILURE, NO_CHAIN, NO_CHAIN), List.of(true, true, true)),
                // legitimate form filling after signing stays valid under the strict policy
                new Case("pades/pades-signed-filled-form.pdf", null, null, List.of(NO_CHAIN), List.of(true)),
                new Case("pades/BadEncodedCMS.pdf", null, null, List.of(), List.of()),
                new Case("pades/DSS-1683.pdf", null, null, List.of(NO_CHAIN), List.of(true)),
                new Case("pades/pades-unsupported-signature-algorithm.pdf", null, null,
                        List.of("TOTAL_FAILED/SIG_CRYPTO_FAILURE"), List.of(false)),
                new Case("pades/pades-lta-copied-doctst.pdf", null, null, List.of(NO_CHAIN), List.of(true)),
                new Case("xades/xsw-original.xml", null, null, List.of(NO_CHAIN), List.of(true)),
                new Case("xades/XSW-enveloped-fake-signedProperties.xml", "trust/xsw-fake-signedProperties.anchor.cer", null,
                        List.of("INDETERMINATE/SIGNED_DATA_NOT_FOUND"), List.of(false)),
                new Case("xades/XSW-enveloping-fake-object.xml", "trust/xsw-enveloping-good-user.anchor.cer", null,
                        List.of("INDETERMINATE/SIGNED_DATA_NOT_FOUND"), List.of(false)),
                new Case("xades/XSW-enveloped-fake-content-misplaced.xml", null, null, List.of(NO_CHAIN), List.of(true)),
                new Case("xades/xades-tampered-keyinfo.xml", null, null,
                        List.of("INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND"), List.of(false)),
                new Case("xades/dss-signed-altered-signedPropsRemoved.xml", null, null,
                        List.of("TOTAL_FAILED/SIG_CRYPTO_FAILURE"), List.of(false)),
                new Case("xades/xmldsig-only.xml", null, null, List.of("INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND"), List.of(true)),
                new Case("xades/Signature-X-PT-4.xml", null, null, List.of("INDETERMINATE/SIGNED_DATA_NOT_FOUND"), List.of(false)),
                new Case("cades/cades-enveloping-broken.pkcs7", null, null, List.of("TOTAL_FAILED/HASH_FAILURE"), List.of(false)),
                new Case("asic/container-signed.adoc", "trust/adoc-root-ca.anchor.cer", "2024-01-01T00:00:00Z",
                        List.of("TOTAL_PASSED"), List.of(true)),
                // nested bomb: validation completes without expanding the inner archive
                new Case("asic/zip-bomb.asice", null, null, List.of(NO_CHAIN), List.of(true)),
                new Case("asic/xades-removed-doc.asice", null, null, List.of("INDETERMINATE/SIGNED_DATA_NOT_FOUND"), List.of(false)),
                new Case("asic/no-signed-file.asice", null, null, List.of(FORMAT_FAILURE, FORMAT_FAILURE), List.of(true, true)),
                new Case("asic/cades-brokenReference.asice", null, null, List.of("TOTAL_FAILED/HASH_FAILURE"), List.of(true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void validateWhenCorpusFileThenVerdictsAsManifest(Case c) {
        ValidationRequest request = new ValidationRequest(read(c.file()), Path.of(c.file()).getFileName().toString(), List.of(),
                c.validationTime() == null ? null : Instant.parse(c.validationTime()), ReportKind.SIMPLE);
        ValidationReport report = service(c.anchor()).validate(request, "conformance").report();

        assertThat(report.signatures()).extracting(v -> v.indication() + (v.subIndication() == null ? "" : "/" + v.subIndication()))
                .as("verdicts of %s", c.file())
                .containsExactlyElementsOf(c.verdicts());
        assertThat(report.signatures()).extracting(SignatureVerdict::intact).as("intact of %s", c.file())
                .containsExactlyElementsOf(c.intact());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void validateWhenHostileCorpusFileThenUnsafeDocumentProblem(String file) {
        assertThatThrownBy(() -> service(null).validate(read(file), file, "conformance"))
                .isInstanceOfSatisfying(SignetException.class, ex -> {
                    assertThat(ex.problemType()).isEqualTo(ProblemType.UNSAFE_DOCUMENT);
                    assertThat(ex.problemType().status().is4xxClientError()).isTrue();
                });
    }

    static Stream<String> hostile() {
        return Stream.of("xades/xades-with-dtd-injection.xml", "asic/zip-bomb-package-zip-1gb.asics");
    }

    private static ValidationService service(String anchor) {
        return SERVICES.computeIfAbsent(anchor == null ? "" : anchor, a -> TestValidationServices.service(
                a.isEmpty() ? List.of() : List.of(CORPUS.resolve(a)), List.of(), new NoReportCache(), new RecordingAuditTrail()));
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(CORPUS.resolve(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
