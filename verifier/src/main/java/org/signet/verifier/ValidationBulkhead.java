package org.signet.verifier;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * At most N DSS validations at once. A validation is CPU-bound (~40 ms of one core for a one-signature
 * PDF) and holds tens of MB of parsed document, certificates and reports while it runs; letting every
 * request thread validate at once bought no throughput on the appliance's cores, only heap pressure, GC
 * and RSS (issue 10, docs/benchmarks.md round 5). Callers beyond the cap wait in arrival order (fair
 * semaphore) for at most {@code maxWait}, then are refused with a {@code validation-busy} 503 and
 * {@code Retry-After}: never a hang, never a 500. Cache hits do not come here.
 */
public final class ValidationBulkhead {

    private final Semaphore permits;
    private final int capacity;
    private final Duration maxWait;
    private final Duration retryAfter;

    public ValidationBulkhead(int capacity, Duration maxWait, Duration retryAfter) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait cannot be null");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter cannot be null");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait cannot be negative");
        }
        this.permits = new Semaphore(capacity, true);
    }

    /** Runs {@code validation} under a permit; the permit is released however it ends. */
    public <T> T call(Supplier<T> validation) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        if (!acquired) {
            throw busy();
        }
        try {
            return validation.get();
        }
        finally {
            permits.release();
        }
    }

    /** How many validations may run at once. */
    public int capacity() {
        return capacity;
    }

    /** Permits free right now (monitoring and tests). */
    public int available() {
        return permits.availablePermits();
    }

    private SignetException busy() {
        return new SignetException(ProblemType.VALIDATION_BUSY, "All " + capacity
                + " validation slots are busy; try again later.", retryAfter);
    }
}
