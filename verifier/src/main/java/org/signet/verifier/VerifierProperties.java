package org.signet.verifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the validation role.
 *
 * @param trustAnchors   certificate files or directories of them (PEM/DER) whose certificates are
 *                       trusted as chain anchors; the development root CA by default
 * @param revocationData CRL files (PEM or DER) made available to validation offline, so a chain
 *                       from the development PKI can be checked without any network access
 * @param policyFile     DSS validation policy (constraint XML); unset means Signet's shipped policy,
 *                       the DSS default with PDF modification checks raised to FAIL
 * @param cache          the validation report cache
 * @param limits         caps applied to uploads before DSS reads them (ZIP bombs)
 * @param concurrency    how many DSS validations may run at once (cache hits are not counted)
 */
@Validated
@ConfigurationProperties("signet.verifier")
public record VerifierProperties(
        @NotEmpty List<@NotNull Path> trustAnchors,
        @DefaultValue List<@NotNull Path> revocationData,
        Path policyFile,
        @Valid @DefaultValue Cache cache,
        @Valid @DefaultValue Limits limits,
        @Valid @DefaultValue Concurrency concurrency) {

    /** Trust anchors and CRLs only; shipped policy, in-process cache, default limits (tests, tools). */
    public static VerifierProperties of(List<Path> trustAnchors, List<Path> revocationData) {
        return new VerifierProperties(trustAnchors, revocationData, null, Cache.defaults(), Limits.defaults(),
                Concurrency.defaults());
    }

    /** Where verdicts are cached. */
    public enum CacheType {
        /** In-process Caffeine cache (the embedded default). */
        CAFFEINE,
        /** Shared Redis (Lettuce), for several verifier instances. */
        REDIS,
        /** No caching: every request is validated. */
        NONE
    }

    /**
     * The report cache.
     *
     * @param type       caffeine (default), redis or none
     * @param ttl        how long a verdict is reused; keep it shorter than the revocation data's
     *                   freshness (CRL nextUpdate) so a revocation is never hidden for long
     * @param maxSize    bytes the in-process cache may hold (entries are weighed by size); with redis, the
     *                   local copy in front of it (at most 8 MB, entries at most 60 s)
     * @param maxEntrySize larger serialised reports (a big diagnostic XML) are not cached at all
     * @param redisUrl   Redis URL ({@code redis://host:port/db}) when type is redis
     * @param keyPrefix  prefix of the Redis keys
     * @param timeout    Redis command and connect timeout; a slow Redis is treated as down
     * @param hmacKeyFile file holding the cache entries' HMAC key (generated there on first use if
     *                   absent); {@code SIGNET_VERIFIER_CACHE_HMAC_KEY} (base64) wins when set
     */
    public record Cache(
            @DefaultValue("caffeine") @NotNull CacheType type,
            @DefaultValue("10m") @NotNull Duration ttl,
            @DefaultValue("64MB") @NotNull DataSize maxSize,
            @DefaultValue("2MB") @NotNull DataSize maxEntrySize,
            @DefaultValue("redis://127.0.0.1:6379") @NotNull String redisUrl,
            @DefaultValue("signet:validation:") @NotNull String keyPrefix,
            @DefaultValue("1s") @NotNull Duration timeout,
            Path hmacKeyFile) {

        public Cache {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("signet.verifier.cache.ttl must be positive");
            }
        }

        public static Cache defaults() {
            return new Cache(CacheType.CAFFEINE, Duration.ofMinutes(10), DataSize.ofMegabytes(64), DataSize.ofMegabytes(2),
                    "redis://127.0.0.1:6379",
                    "signet:validation:", Duration.ofSeconds(1), null);
        }
    }

    /**
     * Caps checked on uploads before DSS parses them.
     *
     * @param maxZipEntries      entries allowed in a ZIP-based container (ASiC)
     * @param maxZipBytes        total uncompressed bytes allowed in a container
     * @param maxZipRatio        uncompressed-to-compressed ratio allowed (beyond 1 MiB inflated)
     * @param maxOriginals       detached originals allowed per request
     */
    public record Limits(
            @DefaultValue("500") @Min(1) int maxZipEntries,
            @DefaultValue("209715200") @Min(1) long maxZipBytes,
            @DefaultValue("100") @Min(1) int maxZipRatio,
            @DefaultValue("20") @Min(0) int maxOriginals) {

        public static Limits defaults() {
            return new Limits(500, 200L * 1024 * 1024, 100, 20);
        }
    }

    /**
     * The cap on concurrent DSS validations (the bulkhead). Validation is CPU-bound, so more
     * validations at once than cores only add heap, GC and RSS (docs/benchmarks.md, issue 10 round 5).
     *
     * @param maxValidations validations allowed at once; 0 (the default) means one per available
     *                       processor ({@link Runtime#availableProcessors()}, which honours container
     *                       CPU limits)
     * @param maxWait        how long a request waits for a free slot before it is refused with a
     *                       {@code validation-busy} 503; 0 refuses at once
     * @param retryAfter     the {@code Retry-After} sent with that refusal (whole seconds, at least 1)
     */
    public record Concurrency(
            @DefaultValue("0") @Min(0) int maxValidations,
            @DefaultValue("10s") @NotNull Duration maxWait,
            @DefaultValue("1s") @NotNull Duration retryAfter) {

        public Concurrency {
            if (maxWait != null && maxWait.isNegative()) {
                throw new IllegalArgumentException("signet.verifier.concurrency.max-wait cannot be negative");
            }
            if (retryAfter != null && (retryAfter.isNegative() || retryAfter.isZero())) {
                throw new IllegalArgumentException("signet.verifier.concurrency.retry-after must be positive");
            }
        }

        public static Concurrency defaults() {
            return new Concurrency(0, Duration.ofSeconds(10), Duration.ofSeconds(1));
        }

        /** The cap in force: {@code maxValidations}, or the processor count when it is 0. */
        public int effectiveMaxValidations() {
            return maxValidations > 0 ? maxValidations : Math.max(1, Runtime.getRuntime().availableProcessors());
        }
    }
}
