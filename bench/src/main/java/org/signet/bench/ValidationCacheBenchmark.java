package org.signet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.signet.core.audit.AuditReceipt;
import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.signer.credential.TokenCredentialStore;
import org.signet.signer.pades.PadesDocumentSigner;
import org.signet.verifier.ValidationReport;
import org.signet.verifier.ValidationService;
import org.signet.verifier.VerifierProperties;
import org.signet.verifier.cache.CacheLifetime;
import org.signet.verifier.cache.CaffeineReportCache;
import org.signet.verifier.cache.NoReportCache;
import org.signet.verifier.cache.NearCachedReportCache;
import org.signet.verifier.cache.RedisReportCache;
import org.signet.verifier.cache.ReportCache;
import org.signet.verifier.cache.SealedReportCache;
import org.signet.verifier.input.UploadGuard;
import org.signet.verifier.policy.ValidationPolicySource;
import org.signet.verifier.trust.TrustConfiguration;

/**
 * Issue 6's target: a cache hit must be at least 100x faster than a cold validation. One PDF
 * sealed in setup with the SoftHSM seal key (docs/samples/dossier.pdf, PAdES-BASELINE-B), validated
 * by {@link ValidationService} under the shipped strict policy and the development trust (root CA,
 * both CRLs): {@code cold} with no cache (full DSS validation every time), {@code caffeineHit}
 * and {@code redisHit} served from a warmed cache (digest, key, lookup, HMAC check, JSON decode),
 * and {@code redisNearHit} as the appliance runs with {@code cache.type=redis}: Redis behind the local
 * copy of {@link NearCachedReportCache} (a repeated hit on one instance is served locally).
 * Redis is the real server on 127.0.0.1:6379 under a random key prefix, removed in teardown. The
 * audit trail is a no-op here: its cost is the same on both paths (see {@link TsaBenchmark} for
 * the H2 audit write).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ValidationCacheBenchmark {

    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final AuditTrail NO_AUDIT = event -> new AuditReceipt(0, "");

    private final String prefix = "signet-bench:" + UUID.randomUUID() + ":";
    private byte[] signed;
    private ValidationService cold;
    private ValidationService caffeine;
    private ValidationService redis;
    private ValidationService redisNear;
    private ReportCache redisNearCache;
    private ReportCache redisCache;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        // As in the application (application.yaml): DSS logs one INFO line per validation otherwise.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("eu.europa.esig.dss"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.pdfbox"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        Path home = BenchHome.path();
        try (Pkcs11HsmToken token = BenchHome.openToken(2)) {
            TokenCredentialStore credentials = new TokenCredentialStore(token, Set.of("seal"),
                    PemCertificates.loadFile(home.resolve("pki/chain.pem")));
            byte[] dossier = Files.readAllBytes(samples().resolve("dossier.pdf"));
            signed = DSSUtils.toByteArray(new PadesDocumentSigner(new CommonCertificateVerifier(), token)
                    .sign(new InMemoryDocument(dossier, "dossier.pdf"), credentials.get("seal"),
                            SignatureLevel.PAdES_BASELINE_B));
        }
        VerifierProperties trust = VerifierProperties.of(List.of(home.resolve("pki/root-ca.pem")),
                List.of(home.resolve("pki/root-ca.crl.pem"), home.resolve("pki/issuing-ca.crl.pem")));
        byte[] hmacKey = new byte[32];
        new java.security.SecureRandom().nextBytes(hmacKey);
        Duration ttl = Duration.ofMinutes(10);
        cold = service(trust, new NoReportCache(), ttl);
        caffeine = service(trust, new SealedReportCache(new CaffeineReportCache(ttl, 64L * 1024 * 1024), hmacKey), ttl);
        redisCache = new SealedReportCache(new RedisReportCache(REDIS, prefix, ttl, Duration.ofSeconds(1)), hmacKey);
        redis = service(trust, redisCache, ttl);
        redisNearCache = new SealedReportCache(new NearCachedReportCache(
                new CaffeineReportCache(ttl, NearCachedReportCache.MAX_LOCAL_BYTES),
                new RedisReportCache(REDIS, prefix + "near:", ttl, Duration.ofSeconds(1))), hmacKey);
        redisNear = service(trust, redisNearCache, ttl);
        check(cold.validate(signed, "dossier-signed.pdf", "bench"), false);
        check(caffeine.validate(signed, "dossier-signed.pdf", "bench"), false);
        check(caffeine.validate(signed, "dossier-signed.pdf", "bench"), true);
        check(redis.validate(signed, "dossier-signed.pdf", "bench"), false);
        check(redis.validate(signed, "dossier-signed.pdf", "bench"), true);
        check(redisNear.validate(signed, "dossier-signed.pdf", "bench"), false);
        check(redisNear.validate(signed, "dossier-signed.pdf", "bench"), true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        redisCache.close();
        redisNearCache.close();
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            for (byte[] key : connection.sync().keys((prefix + "*").getBytes(StandardCharsets.UTF_8))) {
                connection.sync().del(key);
            }
        }
        finally {
            client.shutdown();
        }
    }

    @Benchmark
    public ValidationReport cold() {
        return cold.validate(signed, "dossier-signed.pdf", "bench");
    }

    @Benchmark
    public ValidationReport caffeineHit() {
        return caffeine.validate(signed, "dossier-signed.pdf", "bench");
    }

    @Benchmark
    public ValidationReport redisHit() {
        return redis.validate(signed, "dossier-signed.pdf", "bench");
    }

    @Benchmark
    public ValidationReport redisNearHit() {
        return redisNear.validate(signed, "dossier-signed.pdf", "bench");
    }

    private static ValidationService service(VerifierProperties trust, ReportCache cache, Duration ttl) {
        return new ValidationService(TrustConfiguration.certificateVerifier(trust), ValidationPolicySource.load(null),
                TrustConfiguration.version(trust), new UploadGuard(trust.limits()), cache,
                new CacheLifetime(ttl, TrustConfiguration.earliestCrlNextUpdate(trust)), NO_AUDIT, Clock.systemUTC());
    }

    /** The benchmark measures what it claims only if the verdict is valid and the cache flag as expected. */
    private static void check(ValidationReport report, boolean cached) {
        if (report.validSignaturesCount() != 1 || report.cached() != cached) {
            throw new IllegalStateException("unexpected verdict (valid " + report.validSignaturesCount() + ", cached "
                    + report.cached() + ")");
        }
    }

    private static Path samples() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs/samples"))) {
                return dir.resolve("docs/samples");
            }
        }
        throw new IllegalStateException("docs/samples not found above " + here + ": run bench/run.sh from the repository");
    }
}
