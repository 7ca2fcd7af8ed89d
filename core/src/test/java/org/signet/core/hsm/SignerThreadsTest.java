package org.signet.core.hsm;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-over of signing work to the signer threads: results and failures come back to the
 * caller, the caller's log context goes with the job, a job that cannot start in time is never run,
 * and one that has started is waited for. (The real module behind them: Pkcs11HsmTokenTest.)
 */
class SignerThreadsTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private SignerThreads signers;

    @AfterEach
    void stop() {
        callers.shutdownNow();
        if (signers != null) {
            signers.close();
        }
    }

    @Test
    void runsOnASignerThreadWithTheCallersLogContextAndReturnsTheResult() {
        signers = new SignerThreads("t", 2, Duration.ofSeconds(5));
        MDC.put("requestId", "req-12345678");
        try {
            String seen = signers.run("test", () -> Thread.currentThread().getName() + "|" + MDC.get("requestId"), () -> { });
            assertThat(seen).startsWith("signet-hsm-t-").endsWith("|req-12345678");
        }
        finally {
            MDC.clear();
        }
        // the context does not stay behind on the signer thread
        assertThat(signers.run("test", () -> String.valueOf(MDC.get("requestId")), () -> { })).isEqualTo("null");
    }

    @Test
    void theJobsFailureReachesTheCallerUnchanged() {
        signers = new SignerThreads("t", 1, Duration.ofSeconds(5));
        HsmException failure = new HsmException("HSM signing with key 'seal' failed: CKR_GENERAL_ERROR");
        assertThatThrownBy(() -> signers.run("test", () -> {
            throw failure;
        }, () -> { })).isSameAs(failure);
        // and the thread goes on serving
        assertThat(signers.run("test", () -> 42, () -> { })).isEqualTo(42);
    }

    @Test
    void aJobThatCannotStartInTimeIsAbandonedAndNeverRuns() throws Exception {
        signers = new SignerThreads("t", 1, Duration.ofMillis(300));
        CountDownLatch release = new CountDownLatch(1);
        Future<String> blocker = occupyTheOnlySigner(release);

        AtomicBoolean ran = new AtomicBoolean();
        AtomicInteger busy = new AtomicInteger();
        assertThatThrownBy(() -> signers.run("HSM signing with key 'seal'", () -> ran.getAndSet(true), busy::incrementAndGet))
                .isInstanceOf(HsmException.class)
                .hasMessage("HSM signing with key 'seal' failed: no session free within 300 ms");
        assertThat(busy).hasValue(1);

        release.countDown();
        assertThat(blocker.get(5, TimeUnit.SECONDS)).isEqualTo("first done");
        // the abandoned job was still in the queue: the signer thread skips it
        assertThat(signers.run("after", () -> "next", () -> { })).isEqualTo("next");
        assertThat(ran).isFalse();
    }

    @Test
    void aJobThatHasStartedIsWaitedForBeyondTheQueueWait() {
        signers = new SignerThreads("t", 1, Duration.ofMillis(100));
        AtomicInteger busy = new AtomicInteger();
        String result = signers.run("slow", () -> {
            sleep(400);
            return "signed";
        }, busy::incrementAndGet);
        assertThat(result).isEqualTo("signed");
        assertThat(busy).hasValue(0);
    }

    @Test
    void anInterruptedCallerWhoseJobHasNotStartedGivesUpAndTheJobNeverRuns() throws Exception {
        signers = new SignerThreads("t", 1, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        occupyTheOnlySigner(release);

        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                signers.run("second", () -> ran.getAndSet(true), () -> { });
            }
            catch (Throwable ex) {
                thrown.set(ex);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        // the caller is waiting for its job once the signer thread's queue holds it
        while (caller.getState() != Thread.State.TIMED_WAITING && caller.isAlive()) {
            Thread.onSpinWait();
        }
        caller.interrupt();
        caller.join(5_000);

        assertThat(thrown.get()).isInstanceOf(HsmException.class).hasMessage("second was interrupted");
        assertThat(stillInterrupted).isTrue();
        release.countDown();
        assertThat(signers.run("after", () -> "next", () -> { })).isEqualTo("next");
        assertThat(ran).isFalse();
    }

    @Test
    void anInterruptedCallerWhoseJobHasStartedStillGetsItsResultAndKeepsTheInterrupt() throws Exception {
        signers = new SignerThreads("t", 1, Duration.ofSeconds(30));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(signers.run("slow", () -> {
                    started.countDown();
                    await(release);
                    return "signed";
                }, () -> { }));
            }
            catch (Throwable ex) {
                outcome.set(ex);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        release.countDown();
        caller.join(5_000);

        assertThat(outcome.get()).isEqualTo("signed");
        assertThat(stillInterrupted).isTrue();
    }

    @Test
    void afterCloseNothingIsAccepted() {
        signers = new SignerThreads("t", 1, Duration.ofSeconds(1));
        signers.close();
        assertThatThrownBy(() -> signers.run("HSM signing with key 'seal'", () -> "x", () -> { }))
                .isInstanceOf(HsmException.class)
                .hasMessage("HSM signing with key 'seal' failed: the HSM token is closed");
    }

    /** A job that holds the one signer thread until {@code release}; returns once it is running. */
    private Future<String> occupyTheOnlySigner(CountDownLatch release) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Future<String> blocker = callers.submit(() -> signers.run("first", () -> {
            holding.countDown();
            await(release);
            return "first done";
        }, () -> { }));
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        return blocker;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
