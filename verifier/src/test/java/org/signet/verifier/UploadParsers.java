package org.signet.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import org.signet.core.hsm.HsmToken;
import org.signet.core.problem.SignetException;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestHome;
import org.signet.signer.format.Documents;
import org.signet.signer.format.DssContext;
import org.signet.signer.format.Packaging;
import org.signet.signer.format.TwoPhaseSigning;
import org.signet.signer.xades.XadesDocumentSigner;
import org.signet.verifier.cache.NoReportCache;
import org.signet.verifier.input.UploadGuard;

/**
 * The parsers hostile uploads reach, as one fuzz target: the verifier's {@link UploadGuard} and the
 * whole validation input path ({@code SignedDocumentValidator.fromDocument} and DSS's parsers behind
 * {@link ValidationService}), and the signer's document-type detection and secure XML parsing
 * ({@link Documents#looksLikePdf}, {@link XadesDocumentSigner#check}). The property: every input
 * ends in a verdict or a client problem (a {@link SignetException} with a 4xx type), never in any
 * other exception (which the API would answer with a 500).
 */
public final class UploadParsers {

    /** Where the DSS corpus of hostile and odd documents lives (the fuzzers' seeds). */
    public static final Path CORPUS = Path.of("src", "test", "resources", "corpus");

    private final UploadGuard guard;
    private final ValidationService validation;
    private final XadesDocumentSigner xades;

    public UploadParsers() {
        VerifierProperties properties = VerifierProperties.of(List.of(TestHome.pki("root-ca.pem")),
                List.of(TestHome.pki("root-ca.crl.pem"), TestHome.pki("issuing-ca.crl.pem")));
        this.guard = new UploadGuard(properties.limits());
        this.validation = TestValidationServices.service(List.of(TestHome.pki("root-ca.pem")),
                List.of(TestHome.pki("root-ca.crl.pem"), TestHome.pki("issuing-ca.crl.pem")), new NoReportCache(),
                new RecordingAuditTrail());
        // check() only parses; a token that refuses every call proves it never reaches the HSM.
        HsmToken noHsm = (HsmToken) Proxy.newProxyInstance(HsmToken.class.getClassLoader(), new Class<?>[] { HsmToken.class },
                (proxy, method, args) -> {
                    throw new AssertionError("document checks must not use the HSM (" + method.getName() + ")");
                });
        this.xades = new XadesDocumentSigner(new DssContext(new CommonCertificateVerifier(), null), new TwoPhaseSigning(noHsm));
    }

    /** Runs every parser over {@code content}; throws only when one of them fails other than with a client problem. */
    public void accept(byte[] content, String fileName) {
        clientProblemOrNothing(() -> guard.check(content));
        clientProblemOrNothing(() -> validation.validate(content, fileName, "fuzz"));
        Documents.looksLikePdf(content);
        for (Packaging packaging : List.of(Packaging.ENVELOPED, Packaging.DETACHED)) {
            clientProblemOrNothing(() -> xades.check(List.of(new InMemoryDocument(content, fileName)), packaging));
        }
    }

    private static void clientProblemOrNothing(Runnable parse) {
        try {
            parse.run();
        }
        catch (SignetException ex) {
            if (!ex.problemType().status().is4xxClientError()) {
                throw new AssertionError("server-side problem " + ex.problemType() + " for hostile input", ex);
            }
        }
    }

    /** The corpus documents (not the licence, manifest or trust anchors). */
    public static List<Path> corpus() {
        try (Stream<Path> files = Files.walk(CORPUS)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(CORPUS.resolve("trust")) && !p.getFileName().toString().matches("(?i).*\\.(md|tsv|txt)"))
                    .sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
