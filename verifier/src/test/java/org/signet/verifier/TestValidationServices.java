package org.signet.verifier;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.signet.core.audit.AuditTrail;
import org.signet.verifier.cache.CacheLifetime;
import org.signet.verifier.cache.CaffeineReportCache;
import org.signet.verifier.cache.ReportCache;
import org.signet.verifier.cache.SealedReportCache;
import org.signet.verifier.input.UploadGuard;
import org.signet.verifier.policy.ValidationPolicySource;
import org.signet.verifier.trust.TrustConfiguration;

/** Builds validation services over real DSS, the shipped policy and a chosen trust and cache. */
final class TestValidationServices {

    static final byte[] HMAC_KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ValidationPolicySource POLICY = ValidationPolicySource.load(null);

    private TestValidationServices() {
    }

    static ReportCache caffeine() {
        return new SealedReportCache(new CaffeineReportCache(Duration.ofMinutes(5), 8 * 1024 * 1024), HMAC_KEY);
    }

    static ValidationService service(List<Path> anchors, List<Path> crls, ReportCache cache, AuditTrail audit) {
        return service(anchors, crls, cache, audit, Clock.systemUTC());
    }

    /** As configured in the application: 5 min TTL capped at the CRLs' earliest nextUpdate, on {@code clock}. */
    static ValidationService service(List<Path> anchors, List<Path> crls, ReportCache cache, AuditTrail audit,
            Clock clock) {
        VerifierProperties properties = VerifierProperties.of(anchors, crls);
        return new ValidationService(TrustConfiguration.certificateVerifier(properties), POLICY,
                TrustConfiguration.version(properties), new UploadGuard(properties.limits()), cache,
                new CacheLifetime(Duration.ofMinutes(5), TrustConfiguration.earliestCrlNextUpdate(properties)), audit,
                clock);
    }
}
