package org.signet.approval;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The portal's long poll ({@code ?waitSeconds=}) without holding a request thread: the answer is a
 * future that a small timer completes as soon as the request's status is final, or with the status as
 * it stands when the wait runs out. The status is re-read from the shared store on every tick (as the
 * blocking poll did), so a decision taken on another replica is seen too. Why: a blocked Tomcat thread
 * per waiting portal (up to 60 s) forced a large thread pool, whose stacks and buffers cost memory.
 */
public final class ApprovalLongPoll implements AutoCloseable {

    private final ApprovalService approvals;
    private final Duration maxWait;
    private final Duration interval;
    private final ScheduledExecutorService timer;

    /**
     * @param maxWait  upper bound of any wait ({@code signet.approval.max-wait})
     * @param interval how often a waiting request's status is re-read
     * @param timer    runs the re-reads (owned: shut down by {@link #close()})
     */
    public ApprovalLongPoll(ApprovalService approvals, Duration maxWait, Duration interval, ScheduledExecutorService timer) {
        this.approvals = Objects.requireNonNull(approvals, "approvals cannot be null");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait cannot be null");
        this.interval = Objects.requireNonNull(interval, "interval cannot be null");
        this.timer = Objects.requireNonNull(timer, "timer cannot be null");
    }

    /** {@code wait} bounded by the configured maximum. */
    public Duration bound(Duration wait) {
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    /**
     * The request as soon as it leaves {@code PENDING_APPROVAL}/{@code APPROVED}, or after {@code wait}
     * (bounded). The first read happens on the caller's thread, so an unknown request or another portal's
     * fails at once (404); a later read that fails completes the future exceptionally. Cancelling the
     * future stops the re-reads.
     */
    public CompletableFuture<ApprovalRequest> await(String requestId, String portal, Duration wait) {
        Duration bounded = bound(wait);
        ApprovalRequest first = approvals.status(requestId, portal);
        CompletableFuture<ApprovalRequest> result = new CompletableFuture<>();
        if (first.status().isFinal() || bounded.isZero() || bounded.isNegative()) {
            result.complete(first);
            return result;
        }
        schedule(result, requestId, portal, System.nanoTime() + bounded.toNanos());
        return result;
    }

    private void check(CompletableFuture<ApprovalRequest> result, String requestId, String portal, long deadline) {
        if (result.isDone()) {
            return;
        }
        try {
            ApprovalRequest current = approvals.status(requestId, portal);
            if (current.status().isFinal() || System.nanoTime() - deadline >= 0) {
                result.complete(current);
            }
            else {
                schedule(result, requestId, portal, deadline);
            }
        }
        catch (RuntimeException ex) {
            result.completeExceptionally(ex);
        }
    }

    private void schedule(CompletableFuture<ApprovalRequest> result, String requestId, String portal, long deadline) {
        long delay = Math.max(0, Math.min(interval.toNanos(), deadline - System.nanoTime()));
        try {
            timer.schedule(() -> check(result, requestId, portal, deadline), delay, TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            result.completeExceptionally(ex);
        }
    }

    /** Stops the timer (at shutdown; waits still open end with the container's async timeout). */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
