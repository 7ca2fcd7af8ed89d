package org.signet.verifier;

import org.springframework.beans.factory.ObjectProvider;
import io.micrometer.observation.ObservationRegistry;
import java.security.SecureRandom;
import java.time.Clock;

import org.signet.core.audit.AuditTrail;
import org.signet.verifier.cache.CacheHmacKey;
import org.signet.verifier.cache.CacheLifetime;
import org.signet.verifier.cache.CaffeineReportCache;
import org.signet.verifier.cache.NearCachedReportCache;
import org.signet.verifier.cache.NoReportCache;
import org.signet.verifier.cache.RedisReportCache;
import org.signet.verifier.cache.ReportCache;
import org.signet.verifier.cache.ReportCacheHealthIndicator;
import org.signet.verifier.cache.SealedReportCache;
import org.signet.verifier.input.UploadGuard;
import org.signet.verifier.policy.ValidationPolicySource;
import org.signet.verifier.report.PdfReportRenderer;
import org.signet.verifier.trust.TrustConfiguration;
import org.signet.verifier.web.AuditorPageController;
import org.signet.verifier.web.ValidationController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The validation role. Needs no HSM; switched off with {@code signet.verifier.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "signet.verifier.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VerifierProperties.class)
public class VerifierConfiguration {

    private static final Logger log = LoggerFactory.getLogger(VerifierConfiguration.class);

    @Bean
    ValidationPolicySource validationPolicySource(VerifierProperties properties) {
        ValidationPolicySource policy = ValidationPolicySource.load(properties.policyFile());
        log.info("Validation policy {} (version {})", policy.name(), policy.version());
        return policy;
    }

    @Bean
    ReportCache validationReportCache(VerifierProperties properties, Environment environment) {
        VerifierProperties.Cache settings = properties.cache();
        ReportCache store = switch (settings.type()) {
            case CAFFEINE -> new CaffeineReportCache(settings.ttl(), settings.maxSize().toBytes());
            // A local copy of what this instance wrote or read in front of Redis (NearCachedReportCache).
            case REDIS -> new NearCachedReportCache(new CaffeineReportCache(settings.ttl(),
                    Math.min(settings.maxSize().toBytes(), NearCachedReportCache.MAX_LOCAL_BYTES)),
                    new RedisReportCache(settings.redisUrl(), settings.keyPrefix(), settings.ttl(), settings.timeout()));
            case NONE -> new NoReportCache();
        };
        byte[] key;
        String fromEnvironment = environment.getProperty(CacheHmacKey.ENVIRONMENT);
        if (settings.type() == VerifierProperties.CacheType.REDIS || settings.hmacKeyFile() != null
                || (fromEnvironment != null && !fromEnvironment.isBlank())) {
            key = CacheHmacKey.load(fromEnvironment, settings.hmacKeyFile());
        }
        else {
            // In-process only and no key configured: nothing outside this JVM can write entries.
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        log.info("Validation report cache: {} (TTL {})", store.kind(), settings.ttl());
        return new SealedReportCache(store, key, settings.maxEntrySize().toBytes());
    }

    @Bean
    ReportCacheHealthIndicator validationCacheHealthIndicator(ReportCache validationReportCache) {
        return new ReportCacheHealthIndicator(validationReportCache);
    }

    @Bean
    ValidationBulkhead validationBulkhead(VerifierProperties properties) {
        VerifierProperties.Concurrency settings = properties.concurrency();
        ValidationBulkhead bulkhead = new ValidationBulkhead(settings.effectiveMaxValidations(), settings.maxWait(),
                settings.retryAfter());
        log.info("At most {} validations at once (waiting up to {} for a slot)", bulkhead.capacity(), settings.maxWait());
        return bulkhead;
    }

    @Bean
    ValidationService validationService(VerifierProperties properties, ValidationPolicySource policy,
            ReportCache validationReportCache, AuditTrail auditTrail, ObjectProvider<ObservationRegistry> observations,
            ValidationBulkhead validationBulkhead) {
        CacheLifetime lifetime = new CacheLifetime(properties.cache().ttl(),
                TrustConfiguration.earliestCrlNextUpdate(properties));
        log.info("Validation cache entries live {}", lifetime);
        return new ValidationService(TrustConfiguration.certificateVerifier(properties), policy,
                TrustConfiguration.version(properties), new UploadGuard(properties.limits()), validationReportCache,
                lifetime, auditTrail, Clock.systemUTC(), observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                validationBulkhead);
    }

    @Bean
    AuditorPageController auditorPageController() {
        return new AuditorPageController();
    }

    @Bean
    PdfReportRenderer pdfReportRenderer() {
        return new PdfReportRenderer(Clock.systemUTC());
    }

    @Bean
    ValidationController validationController(ValidationService validationService, PdfReportRenderer pdfReportRenderer) {
        return new ValidationController(validationService, pdfReportRenderer);
    }
}
