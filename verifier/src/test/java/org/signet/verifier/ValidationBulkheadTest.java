package org.signet.verifier;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.verifier.cache.CacheLifetime;
import org.signet.verifier.cache.ReportCache;
import org.signet.verifier.input.UploadGuard;
import org.signet.verifier.policy.ValidationPolicySource;
import org.signet.verifier.trust.TrustConfiguration;

import io.micrometer.observation.ObservationRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cap on concurrent DSS validations: the bulkhead alone with latches, and the validation service
 * over real DSS whose in-flight validations are held (after DSS ran, while the result is cached) by a
 * cache whose writes wait on a latch. Waits are bounded by the latches, never by sleeps or timings.
 */
class ValidationBulkheadTest {

    private static final List<Path> ANCHORS = List.of(TestHome.pki("root-ca.pem"));
    private static final List<Path> CRLS = List.of(TestHome.pki("root-ca.crl.pem"), TestHome.pki("issuing-ca.crl.pem"));

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void callWhenCapacityTakenThenNextCallerRefusedWithRetryAfterAndPermitsComeBack() throws Exception {
        ValidationBulkhead bulkhead = new ValidationBulkhead(2, Duration.ofMillis(50), Duration.ofSeconds(3));
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<String>> holders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int n = i;
            holders.add(pool.submit(() -> bulkhead.call(() -> {
                inside.countDown();
                await(release);
                return "done " + n;
            })));
        }
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bulkhead.available()).isZero();

        assertThatThrownBy(() -> bulkhead.call(() -> "third")).isInstanceOfSatisfying(SignetException.class, ex -> {
            assertThat(ex.problemType()).isEqualTo(ProblemType.VALIDATION_BUSY);
            assertThat(ex.problemType().status().value()).isEqualTo(503);
            assertThat(ex.retryAfter()).contains(Duration.ofSeconds(3));
        });

        release.countDown();
        assertThat(holders.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("done 0");
        assertThat(holders.get(1).get(30, TimeUnit.SECONDS)).isEqualTo("done 1");
        assertThat(bulkhead.available()).isEqualTo(2);
        assertThat(bulkhead.call(() -> "after")).isEqualTo("after");
    }

    @Test
    void callWhenValidationThrowsThenPermitReleased() {
        ValidationBulkhead bulkhead = new ValidationBulkhead(1, Duration.ZERO, Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> bulkhead.call(() -> {
                throw new SignetException(ProblemType.MALFORMED_DOCUMENT, "broken");
            })).isInstanceOfSatisfying(SignetException.class,
                    ex -> assertThat(ex.problemType()).isEqualTo(ProblemType.MALFORMED_DOCUMENT));
            assertThatThrownBy(() -> bulkhead.call(() -> {
                throw new IllegalStateException("bug");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(bulkhead.available()).isEqualTo(1);
        assertThat(bulkhead.call(() -> "ok")).isEqualTo("ok");
    }

    @Test
    void callWhenSlotFreedWithinMaxWaitThenWaitingCallerRuns() throws Exception {
        ValidationBulkhead bulkhead = new ValidationBulkhead(1, Duration.ofMinutes(5), Duration.ofSeconds(1));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> holder = pool.submit(() -> bulkhead.call(() -> {
            inside.countDown();
            await(release);
            return "first";
        }));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        Future<String> waiter = pool.submit(() -> bulkhead.call(() -> "second"));
        assertThat(waiter.isDone()).isFalse();

        release.countDown();

        assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(bulkhead.available()).isEqualTo(1);
    }

    @Test
    void constructWhenCapacityBelowOneThenRefused() {
        assertThatThrownBy(() -> new ValidationBulkhead(0, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Real DSS validations with a cap of 2 and a short wait: two uncached validations hold the slots,
     * the third uncached one is refused with {@code validation-busy} and no audit record, a cache hit
     * is answered meanwhile, and once the two finish the refused document validates.
     */
    @Test
    void validateWhenCapTakenThenExtraValidationBusyButCacheHitServedAndSlotsReturn() throws Exception {
        ValidationBulkhead bulkhead = new ValidationBulkhead(2, Duration.ofMillis(100), Duration.ofSeconds(2));
        GatedCache cache = new GatedCache(TestValidationServices.caffeine());
        RecordingAuditTrail audit = new RecordingAuditTrail();
        ValidationService service = service(cache, audit, bulkhead);
        byte[] warm = TestPdfs.simple("cached before the rush");
        assertThat(service.validate(warm, "warm.pdf", "auditor-1").cached()).isFalse();

        cache.close(2);
        List<Future<ValidationReport>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] document = TestPdfs.simple("slow validation " + i);
            slow.add(pool.submit(() -> service.validate(document, "slow.pdf", "auditor-1")));
        }
        assertThat(cache.writersWaiting.await(60, TimeUnit.SECONDS)).as("both validations hold a slot").isTrue();
        assertThat(bulkhead.available()).isZero();
        audit.clear();

        byte[] extra = TestPdfs.simple("one too many");
        assertThatThrownBy(() -> service.validate(extra, "extra.pdf", "auditor-1"))
                .isInstanceOfSatisfying(SignetException.class, ex -> {
                    assertThat(ex.problemType()).isEqualTo(ProblemType.VALIDATION_BUSY);
                    assertThat(ex.retryAfter()).contains(Duration.ofSeconds(2));
                });
        assertThat(audit.events()).as("nothing was validated, nothing audited").isEmpty();
        ValidationReport hit = service.validate(warm, "warm.pdf", "auditor-1");
        assertThat(hit.cached()).as("a cache hit needs no slot").isTrue();
        assertThat(audit.events()).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("cacheHit", "true"));

        cache.open();
        for (Future<ValidationReport> done : slow) {
            assertThat(done.get(60, TimeUnit.SECONDS).cached()).isFalse();
        }
        assertThat(bulkhead.available()).isEqualTo(2);
        assertThat(service.validate(extra, "extra.pdf", "auditor-1").signaturesCount()).isZero();
    }

    /**
     * A burst of identical uploads (the cache-hit benchmark's first second): while the first is being
     * validated, the same bytes again wait for its verdict without a slot, even with one slot and no
     * wait, and are answered as cached under their own name. With the cache off, every request is
     * validated, so the same second request is refused while the slot is taken.
     */
    @Test
    void validateWhenIdenticalDocumentInFlightThenJoinsItWithoutSlotUnlessCacheOff() throws Exception {
        ValidationBulkhead bulkhead = new ValidationBulkhead(1, Duration.ZERO, Duration.ofSeconds(1));
        GatedCache cache = new GatedCache(TestValidationServices.caffeine());
        RecordingAuditTrail audit = new RecordingAuditTrail();
        ValidationService service = service(cache, audit, bulkhead);
        byte[] document = TestPdfs.simple("identical burst");

        cache.close(1);
        Future<ValidationReport> first = pool.submit(() -> service.validate(document, "first.pdf", "auditor-1"));
        assertThat(cache.writersWaiting.await(60, TimeUnit.SECONDS)).isTrue();
        ValidationReport[] second = new ValidationReport[1];
        Throwable[] failure = new Throwable[1];
        Thread follower = new Thread(() -> {
            try {
                second[0] = service.validate(document, "second.pdf", "auditor-2");
            }
            catch (Throwable ex) {
                failure[0] = ex;
            }
        });
        follower.start();
        while (follower.getState() != Thread.State.WAITING && follower.getState() != Thread.State.TERMINATED) {
            Thread.sleep(5);
        }
        assertThat(follower.getState()).as("waits for the first validation, was not refused: %s", failure[0])
                .isEqualTo(Thread.State.WAITING);

        cache.open();
        assertThat(first.get(60, TimeUnit.SECONDS).cached()).isFalse();
        follower.join(60_000);
        assertThat(failure[0]).isNull();
        assertThat(second[0].cached()).isTrue();
        assertThat(second[0].documentName()).isEqualTo("second.pdf");
        assertThat(audit.events()).extracting(e -> e.attributes().get("cacheHit")).containsExactlyInAnyOrder("false", "true");
        assertThat(bulkhead.available()).isEqualTo(1);

        GatedCache off = new GatedCache(new org.signet.verifier.cache.NoReportCache());
        ValidationService uncached = service(off, new RecordingAuditTrail(), bulkhead);
        off.close(1);
        Future<ValidationReport> holder = pool.submit(() -> uncached.validate(document, "first.pdf", "auditor-1"));
        assertThat(off.writersWaiting.await(60, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> uncached.validate(document, "second.pdf", "auditor-2"))
                .isInstanceOfSatisfying(SignetException.class,
                        ex -> assertThat(ex.problemType()).isEqualTo(ProblemType.VALIDATION_BUSY));
        off.open();
        assertThat(holder.get(60, TimeUnit.SECONDS).cached()).isFalse();
    }

    private static ValidationService service(ReportCache cache, RecordingAuditTrail audit, ValidationBulkhead bulkhead) {
        VerifierProperties properties = VerifierProperties.of(ANCHORS, CRLS);
        return new ValidationService(TrustConfiguration.certificateVerifier(properties), ValidationPolicySource.load(null),
                TrustConfiguration.version(properties), new UploadGuard(properties.limits()), cache,
                new CacheLifetime(Duration.ofMinutes(5), TrustConfiguration.earliestCrlNextUpdate(properties)), audit,
                Clock.systemUTC(), ObservationRegistry.NOOP, bulkhead);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** A real cache whose writes, once closed, wait until it is opened again (writes run inside the slot). */
    private static final class GatedCache implements ReportCache {

        private final ReportCache delegate;
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile CountDownLatch writersWaiting = new CountDownLatch(0);

        GatedCache(ReportCache delegate) {
            this.delegate = delegate;
        }

        void close(int writers) {
            gate = new CountDownLatch(1);
            writersWaiting = new CountDownLatch(writers);
        }

        void open() {
            gate.countDown();
        }

        @Override
        public Optional<byte[]> get(String key) {
            return delegate.get(key);
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            writersWaiting.countDown();
            await(gate);
            delegate.put(key, value, ttl);
        }

        @Override
        public boolean isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public String kind() {
            return delegate.kind();
        }
    }
}
