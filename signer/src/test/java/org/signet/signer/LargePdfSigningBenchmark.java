package org.signet.signer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import eu.europa.esig.dss.model.FileDocument;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.LargePdfs;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestHome;
import org.signet.signer.credential.TokenCredentialStore;

/**
 * Benchmark, not a unit test (Surefire does not run it): signs a generated PDF of N MB (default
 * 200) from a file-backed document and reports time and heap. Run with a small heap to show that
 * the document is not held in memory, e.g. from the repository root after a build:
 * <pre>
 * . var/test/signet-hsm.env; export SOFTHSM2_CONF SIGNET_HSM_LIBRARY
 * mvn -q -o -pl signer -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx512m -Dsignet.test.home=var/test -Dsignet.repo.root=. \
 *      -cp signer/target/test-classes:signer/target/classes:$(cat /tmp/cp.txt) org.signet.signer.LargePdfSigningBenchmark 200
 * </pre>
 * Measured here (2 cores, SoftHSM, RSA-2048 seal): 200 MB signed in 3.8 s with {@code -Xmx512m}, peak
 * RSS 267 MB, pdfsig "Signature is Valid".
 * <pre>
 * </pre>
 */
public final class LargePdfSigningBenchmark {

    private LargePdfSigningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 200;
        Path dir = Files.createTempDirectory("signet-bench");
        Path pdf = LargePdfs.write(dir.resolve("large.pdf"), megabytes * 1024 * 1024);
        try (Pkcs11HsmToken token = Pkcs11HsmToken.open(TestHome.hsmProperties())) {
            var store = new TokenCredentialStore(token, Set.of("seal"), PemCertificates.loadFile(TestHome.pki("chain.pem")));
            SigningService service = TestSigners.signingService(store, token, new RecordingAuditTrail());
            long start = System.nanoTime();
            SignedDocument signed = service.sign(SignatureRequest.of(new FileDocument(pdf.toFile()), "seal",
                    SignatureFormat.PADES, Caller.of("bench", "portal"), "bench-1"));
            Path out = dir.resolve("large-signed.pdf");
            signed.document().save(out.toString());
            signed.release().run();
            long millis = (System.nanoTime() - start) / 1_000_000;
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("signed %d MB in %d ms; max heap %d MB, used now %d MB; output %d MB%n", megabytes, millis,
                    runtime.maxMemory() >> 20, (runtime.totalMemory() - runtime.freeMemory()) >> 20, Files.size(out) >> 20);
            System.out.println(ExternalTool.pdfsig(out).output().lines().filter(l -> l.contains("Signature")).toList());
        }
        finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
