package org.signet.verifier.cache;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** In-process cache of one instance (the embedded default): bounded in bytes, entries expire after the TTL. */
public final class CaffeineReportCache implements ReportCache {

    private final Cache<String, byte[]> entries;

    public CaffeineReportCache(Duration ttl, long maxBytes) {
        this.entries = Caffeine.newBuilder().expireAfterWrite(ttl).maximumWeight(maxBytes)
                .weigher((String key, byte[] value) -> key.length() + value.length).build();
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(entries.getIfPresent(key));
    }

    @Override
    public void put(String key, byte[] value) {
        entries.put(key, value);
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
