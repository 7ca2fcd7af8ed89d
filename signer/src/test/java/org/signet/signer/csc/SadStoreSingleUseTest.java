package org.signet.signer.csc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A SAD is used once, whatever races for it: threads on two Redis stores with their own connections
 * (two replicas) or on one in-memory store take the same SAD, and exactly one gets the grant.
 */
class SadStoreSingleUseTest {

    private static final int THREADS = 16;
    private static final int ROUNDS = 20;

    private static final SadGrant GRANT = new SadGrant("seal", "portal-1", "2.16.840.1.101.3.4.2.1",
            List.of("aaaa", "bbbb"), Instant.now().plus(Duration.ofMinutes(5)));

    @Test
    void takeWhenTwoReplicasRaceThenExactlyOneWinnerEachTime() throws Exception {
        String prefix = TestRedisSad.prefix();
        try (RedisSadStore replicaA = TestRedisSad.store(prefix); RedisSadStore replicaB = TestRedisSad.store(prefix)) {
            for (int round = 0; round < ROUNDS; round++) {
                String sadHash = "sad-" + round;
                (round % 2 == 0 ? replicaA : replicaB).save(sadHash, GRANT);
                assertThat(winners(sadHash, replicaA, replicaB)).isEqualTo(1);
            }
            replicaA.save("roundtrip", GRANT);
            assertThat(replicaB.take("roundtrip")).contains(GRANT);
        }
        finally {
            TestRedisSad.deleteKeys(prefix);
        }
    }

    @Test
    void takeWhenThreadsRaceInMemoryThenExactlyOneWinnerEachTime() throws Exception {
        InMemorySadStore store = new InMemorySadStore(Clock.systemUTC());
        for (int round = 0; round < ROUNDS; round++) {
            String sadHash = "sad-" + round;
            store.save(sadHash, GRANT);
            assertThat(winners(sadHash, store, store)).isEqualTo(1);
        }
        assertThat(store.size()).isZero();
    }

    @Test
    void saveWhenManyExpiredThenSweptFromMemory() {
        InMemorySadStore store = new InMemorySadStore(Clock.systemUTC());
        SadGrant expired = new SadGrant("seal", "portal-1", "2.16.840.1.101.3.4.2.1", List.of("aaaa"),
                Instant.now().minusSeconds(1));
        for (int i = 0; i < 512; i++) {
            store.save("old-" + i, expired);
        }
        assertThat(store.size()).isLessThan(256);
    }

    @Test
    void saveOrTakeWhenRedisUnreachableThen503CscError() {
        try (RedisSadStore unreachable = RedisSadStore.connect("redis://127.0.0.1:1", TestRedisSad.prefix())) {
            assertThatThrownBy(() -> unreachable.save("x", GRANT)).isInstanceOf(CscException.class)
                    .satisfies(ex -> assertThat(((CscException) ex).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
            assertThatThrownBy(() -> unreachable.take("x")).isInstanceOf(CscException.class)
                    .satisfies(ex -> assertThat(((CscException) ex).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        }
    }

    /** Threads alternate between the two stores, start together and all try to take the SAD. */
    private static long winners(String sadHash, SadStore a, SadStore b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<SadGrant>>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                SadStore store = i % 2 == 0 ? a : b;
                Callable<Optional<SadGrant>> take = () -> {
                    start.await();
                    return store.take(sadHash);
                };
                futures.add(pool.submit(take));
            }
            start.countDown();
            long winners = 0;
            for (Future<Optional<SadGrant>> future : futures) {
                winners += future.get().isPresent() ? 1 : 0;
            }
            return winners;
        }
        finally {
            pool.shutdownNow();
        }
    }
}
