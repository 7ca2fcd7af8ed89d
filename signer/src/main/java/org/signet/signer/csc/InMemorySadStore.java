package org.signet.signer.csc;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded default: SADs in this JVM only, so one instance. Single use by
 * {@link ConcurrentHashMap#remove}, which exactly one of concurrent takers wins; expired grants are
 * swept every few hundred issues, so the map stays bounded by the issue rate times the lifetime.
 */
public final class InMemorySadStore implements SadStore {

    private static final int SWEEP_EVERY = 256;

    private final Map<String, SadGrant> grants = new ConcurrentHashMap<>();
    private final AtomicLong saves = new AtomicLong();
    private final Clock clock;

    public InMemorySadStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    @Override
    public void save(String sadHash, SadGrant grant) {
        grants.put(sadHash, grant);
        if (saves.incrementAndGet() % SWEEP_EVERY == 0) {
            Instant now = clock.instant();
            grants.values().removeIf(g -> !now.isBefore(g.expiresAt()));
        }
    }

    @Override
    public Optional<SadGrant> take(String sadHash) {
        return Optional.ofNullable(grants.remove(sadHash));
    }

    /** Grants held (issued, not yet taken or swept). */
    int size() {
        return grants.size();
    }
}
