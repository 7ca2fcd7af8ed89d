package org.signet.core.hsm;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.MDC;

/**
 * The threads that sign: one per HSM session, fed from one queue. A request thread hands its
 * signing job over and waits for the result; it never enters the module itself.
 *
 * <p>Why not let request threads in through a semaphore of as many permits: each time a signer
 * leaves, the permit goes to a parked request thread, which must be woken and scheduled before the
 * session works again. On a busy two-core VM that wake-up left a session idle about one eighth of the
 * time (docs/benchmarks.md, issue 10 round 8). A signer thread here finishes a job and takes the next
 * one from the queue without parking while jobs are waiting; only the request thread is woken, off
 * the module's critical path.
 *
 * <p>A job waits at most {@code queueWait} to start; one that has not started by then is abandoned
 * (never run) and its caller gets {@link HsmException}. A job that has started is waited for: the
 * module is working on it, and its result is not thrown away.
 */
final class SignerThreads implements AutoCloseable {

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int ABANDONED = 2;

    private final ThreadPoolExecutor executor;
    private final Duration queueWait;

    SignerThreads(String tokenLabel, int threads, Duration queueWait) {
        this.queueWait = queueWait;
        AtomicInteger number = new AtomicInteger();
        ThreadFactory factory = job -> {
            Thread thread = new Thread(job, "signet-hsm-" + tokenLabel + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                factory);
    }

    /**
     * Runs {@code work} on a signer thread and returns its result, or throws what it threw.
     *
     * @param onBusy called (before the exception) when the job did not start within the queue wait
     * @throws HsmException when the job did not start in time, the caller was interrupted before it
     *                      started, or the signer threads are shut down
     */
    <T> T run(String what, Supplier<T> work, Runnable onBusy) {
        Job<T> job = new Job<>(work, MDC.getCopyOfContextMap());
        try {
            executor.execute(job);
        }
        catch (RejectedExecutionException ex) {
            throw new HsmException(what + " failed: the HSM token is closed");
        }
        try {
            return job.result.get(queueWait.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            if (job.abandon()) {
                onBusy.run();
                throw new HsmException(what + " failed: no session free within " + (queueWait.toMillis() % 1000 == 0
                        ? queueWait.toSeconds() + " s" : queueWait.toMillis() + " ms"));
            }
            return awaitStarted(job);
        }
        catch (InterruptedException ex) {
            try {
                if (job.abandon()) {
                    throw new HsmException(what + " was interrupted", ex);
                }
                return awaitStarted(job);
            }
            finally {
                // restored only now: with the flag set, an interruptible wait for the started job would spin
                Thread.currentThread().interrupt();
            }
        }
        catch (ExecutionException ex) {
            throw rethrow(ex.getCause());
        }
    }

    /** A job the module is already working on: its result, however long the module takes (not interruptible). */
    private static <T> T awaitStarted(Job<T> job) {
        try {
            return job.result.join();
        }
        catch (CompletionException ex) {
            throw rethrow(ex.getCause());
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new HsmException("HSM signing failed", cause);
    }

    /** Signer threads finish the job at hand; queued jobs still run (and fail on the closed token). */
    @Override
    public void close() {
        executor.shutdown();
    }

    /** One caller's signing work, with the caller's log context, run once or abandoned, never both. */
    private static final class Job<T> implements Runnable {

        private final Supplier<T> work;
        private final Map<String, String> logContext;
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Job(Supplier<T> work, Map<String, String> logContext) {
            this.work = work;
            this.logContext = logContext;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return;
            }
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                result.complete(work.get());
            }
            catch (Throwable ex) {
                result.completeExceptionally(ex);
            }
            finally {
                if (logContext != null) {
                    MDC.clear();
                }
            }
        }

        boolean abandon() {
            return state.compareAndSet(QUEUED, ABANDONED);
        }
    }
}
