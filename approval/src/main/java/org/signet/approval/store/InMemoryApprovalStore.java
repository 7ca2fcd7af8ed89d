package org.signet.approval.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.signet.approval.ApprovalRequest;
import org.signet.approval.ApprovalStatus;

/**
 * The embedded default: state in this JVM only, so one instance. Single use by
 * {@link ConcurrentHashMap#remove}; status transitions by {@link ConcurrentHashMap#compute}.
 */
public final class InMemoryApprovalStore implements ApprovalStore {

    private record Entry(Object value, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AtomicLong writes = new AtomicLong();

    public InMemoryApprovalStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void create(ApprovalRequest request, Duration retention) {
        write("req:" + request.requestId(), request, retention);
    }

    @Override
    public Optional<ApprovalRequest> find(String requestId) {
        return live("req:" + requestId).map(ApprovalRequest.class::cast);
    }

    @Override
    public boolean transition(String requestId, ApprovalStatus expected, ApprovalRequest updated) {
        AtomicBoolean done = new AtomicBoolean();
        entries.computeIfPresent("req:" + requestId, (key, entry) -> {
            if (entry.expiresAt().isAfter(clock.instant()) && ((ApprovalRequest) entry.value()).status() == expected) {
                done.set(true);
                return new Entry(updated, entry.expiresAt());
            }
            return entry;
        });
        return done.get();
    }

    @Override
    public long countPending() {
        Instant now = clock.instant();
        return entries.values().stream()
                .filter(entry -> entry.expiresAt().isAfter(now) && entry.value() instanceof ApprovalRequest request
                        && request.status() == ApprovalStatus.PENDING_APPROVAL && !request.isExpiredAt(now))
                .count();
    }

    @Override
    public void put(String namespace, String key, String value, Duration ttl) {
        write(namespace + ":" + key, value, ttl);
    }

    @Override
    public boolean putIfAbsent(String namespace, String key, String value, Duration ttl) {
        Instant now = clock.instant();
        AtomicBoolean done = new AtomicBoolean();
        entries.compute(namespace + ":" + key, (k, entry) -> {
            if (entry == null || !entry.expiresAt().isAfter(now)) {
                done.set(true);
                return new Entry(value, now.plus(ttl));
            }
            return entry;
        });
        return done.get();
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return live(namespace + ":" + key).map(String.class::cast);
    }

    @Override
    public Optional<String> take(String namespace, String key) {
        Entry entry = entries.remove(namespace + ":" + key);
        if (entry == null || !entry.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of((String) entry.value());
    }

    @Override
    public long increment(String namespace, String key, Duration ttl) {
        Instant now = clock.instant();
        Entry entry = entries.compute(namespace + ":" + key, (k, old) -> old == null || !old.expiresAt().isAfter(now)
                ? new Entry("1", now.plus(ttl))
                : new Entry(Long.toString(Long.parseLong((String) old.value()) + 1), old.expiresAt()));
        return Long.parseLong((String) entry.value());
    }

    @Override
    public void delete(String namespace, String key) {
        entries.remove(namespace + ":" + key);
    }

    private Optional<Object> live(String key) {
        Entry entry = entries.get(key);
        return entry == null || !entry.expiresAt().isAfter(clock.instant()) ? Optional.empty() : Optional.of(entry.value());
    }

    private void write(String key, Object value, Duration ttl) {
        entries.put(key, new Entry(value, clock.instant().plus(ttl)));
        if (writes.incrementAndGet() % 256 == 0) {
            Instant now = clock.instant();
            entries.entrySet().removeIf(e -> !e.getValue().expiresAt().isAfter(now));
        }
    }
}
