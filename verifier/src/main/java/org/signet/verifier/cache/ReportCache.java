package org.signet.verifier.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * Where serialised validation reports are kept between requests. Implementations never throw for
 * an unavailable store: a miss (or a skipped write) is always a correct answer, only slower.
 */
public interface ReportCache extends AutoCloseable {

    /** The entry stored under {@code key}, if any and if the store is reachable. */
    Optional<byte[]> get(String key);

    /**
     * Stores {@code value} under {@code key} for {@code ttl} (positive), never longer than the
     * store's own configured TTL; best effort.
     */
    void put(String key, byte[] value, Duration ttl);

    /** Whether the store answers now (health); in-process caches are always up. */
    boolean isAvailable();

    /** caffeine, redis or none: for logs and health details. */
    String kind();

    /** Releases connections; nothing to do for in-process caches. */
    @Override
    default void close() {
    }
}
