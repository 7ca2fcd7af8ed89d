package org.signet.verifier.cache;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;

/**
 * In-process cache of one instance (the embedded default): bounded in bytes; each entry expires
 * after the TTL it was written with, at most the configured TTL.
 */
public final class CaffeineReportCache implements ReportCache {

    private final Cache<String, byte[]> entries;
    private final Policy.VarExpiration<String, byte[]> expiry;
    private final Duration maxTtl;

    public CaffeineReportCache(Duration ttl, long maxBytes) {
        this.maxTtl = ttl;
        this.entries = Caffeine.newBuilder()
                .expireAfter(Expiry.<String, byte[]>writing((key, value) -> ttl))
                .maximumWeight(maxBytes)
                .weigher((String key, byte[] value) -> key.length() + value.length).build();
        this.expiry = entries.policy().expireVariably().orElseThrow();
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(entries.getIfPresent(key));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        expiry.put(key, value, ttl.compareTo(maxTtl) < 0 ? ttl : maxTtl);
    }

    /** How long the entry under {@code key} has left, if present (tests, diagnostics). */
    public Optional<Duration> expiresAfter(String key) {
        return expiry.getExpiresAfter(key);
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public String kind() {
        return "caffeine";
    }
}
