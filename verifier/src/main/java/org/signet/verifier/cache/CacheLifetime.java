package org.signet.verifier.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a verdict may be kept: the configured TTL, but never past the earliest nextUpdate of the
 * configured CRLs. A verdict computed with a CRL must not be served once that CRL is due to be
 * replaced, or a revocation published in the next CRL would stay hidden behind the cache.
 */
public final class CacheLifetime {

    private final Duration ttl;
    private final Instant revocationDataExpiry;

    /**
     * @param ttl                  the configured TTL (positive); also the size of the "now" time bucket
     * @param revocationDataExpiry the earliest nextUpdate of the configured CRLs; null when there are
     *                             none or none has a nextUpdate
     */
    public CacheLifetime(Duration ttl, Instant revocationDataExpiry) {
        this.ttl = Objects.requireNonNull(ttl, "ttl cannot be null");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        this.revocationDataExpiry = revocationDataExpiry;
    }

    /** The configured TTL alone (no CRLs). */
    public static CacheLifetime of(Duration ttl) {
        return new CacheLifetime(ttl, null);
    }

    /** The TTL an entry written at {@code now} gets; empty when nothing may be cached any more. */
    public Optional<Duration> at(Instant now) {
        if (revocationDataExpiry == null) {
            return Optional.of(ttl);
        }
        Duration left = Duration.between(now, revocationDataExpiry);
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        return Optional.of(left.compareTo(ttl) < 0 ? left : ttl);
    }

    /** The configured TTL: the width of the time bucket of "now" validations in the cache key. */
    public Duration ttl() {
        return ttl;
    }

    /** The earliest CRL nextUpdate capping every entry, if any. */
    public Optional<Instant> revocationDataExpiry() {
        return Optional.ofNullable(revocationDataExpiry);
    }

    @Override
    public String toString() {
        return "CacheLifetime[ttl=" + ttl + ", capped at " + (revocationDataExpiry == null ? "-" : revocationDataExpiry) + "]";
    }
}
