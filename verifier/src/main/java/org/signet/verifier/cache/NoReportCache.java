package org.signet.verifier.cache;

import java.time.Duration;
import java.util.Optional;

/** Caching switched off ({@code signet.verifier.cache.type=none}): every request is validated. */
public final class NoReportCache implements ReportCache {

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.empty();
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        // nothing kept
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public String kind() {
        return "none";
    }
}
