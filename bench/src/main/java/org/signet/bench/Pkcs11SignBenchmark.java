package org.signet.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.SignatureValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.hsm.TokenKey;

/**
 * The baseline: raw digest signatures per second through Signet's PKCS#11 path (ipkcs11wrapper,
 * pooled sessions) with the SoftHSM keys. Run with {@code -t 1}, {@code -t 2}, {@code -t 8} to see
 * the effect of bounding the sessions ({@code maxSessions}) when more threads than cores ask.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Pkcs11SignBenchmark {

    /** seal = RSA-2048, citizen = ECDSA P-256, tsa = RSA-2048 (the TSA key). */
    @Param({ "seal", "citizen" })
    public String keyLabel;

    @Param({ "2" })
    public int maxSessions;

    private Pkcs11HsmToken token;
    private TokenKey key;

    @Setup(Level.Trial)
    public void open() {
        token = BenchHome.openToken(maxSessions);
        key = token.findKey(keyLabel).orElseThrow();
    }

    @TearDown(Level.Trial)
    public void close() {
        token.close();
    }

    @Benchmark
    public SignatureValue signDigest() {
        byte[] digest = new byte[32];
        ThreadLocalRandom.current().nextBytes(digest);
        return token.signDigest(key, new Digest(DigestAlgorithm.SHA256, digest));
    }
}
