package org.signet.verifier.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local copy in front of the shared Redis cache, against the real Redis on 6379 (random key
 * prefix) and a Redis this test starts and stops itself: another instance's entry is served and then
 * kept locally no longer than Redis keeps it (and never over 60 s), writes reach both tiers, and a
 * Redis that is down still lets local copies answer while the cache reports itself unavailable.
 */
class NearCachedReportCacheTest {

    private static final String SHARED_REDIS = TestRedis.SHARED_URL;
    private static final byte[] VERDICT = "sealed verdict".getBytes(StandardCharsets.US_ASCII);

    private static TestRedis shared;

    @BeforeAll
    static void connect() {
        shared = TestRedis.shared();
    }

    @AfterAll
    static void cleanUp() {
        shared.close();
    }

    @Test
    void getWhenAnotherInstanceWroteThenServedFromRedisAndKeptLocallyAtMost60Seconds() {
        try (NearCachedReportCache writer = instance(SHARED_REDIS); NearCachedReportCache reader = instance(SHARED_REDIS)) {
            writer.put("k1", VERDICT, Duration.ofMinutes(5));

            assertThat(reader.localExpiresAfter("k1")).isEmpty();
            assertThat(reader.get("k1")).hasValue(VERDICT);

            assertThat(reader.localExpiresAfter("k1")).hasValueSatisfying(left -> assertThat(left)
                    .isPositive().isLessThanOrEqualTo(NearCachedReportCache.MAX_LOCAL_TTL));
            assertThat(shared.raw().pttl(shared.key("k1"))).isGreaterThan(NearCachedReportCache.MAX_LOCAL_TTL.toMillis());
        }
    }

    @Test
    void getWhenRedisEntryExpiresSoonThenLocalCopyExpiresWithIt() {
        try (NearCachedReportCache writer = instance(SHARED_REDIS); NearCachedReportCache reader = instance(SHARED_REDIS)) {
            writer.put("k2", VERDICT, Duration.ofSeconds(3));

            assertThat(reader.get("k2")).hasValue(VERDICT);

            assertThat(reader.localExpiresAfter("k2")).hasValueSatisfying(left -> assertThat(left)
                    .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3)));
        }
    }

    @Test
    void putThenBothTiersHoldTheEntry() {
        try (NearCachedReportCache cache = instance(SHARED_REDIS)) {
            cache.put("k3", VERDICT, Duration.ofMinutes(2));

            assertThat(shared.raw().get(shared.key("k3"))).isEqualTo(VERDICT);
            assertThat(cache.localExpiresAfter("k3")).isPresent();
            assertThat(cache.get("k3")).hasValue(VERDICT);
            assertThat(cache.kind()).isEqualTo("redis");
        }
    }

    @Test
    void getWhenAbsentEverywhereThenEmptyAndNothingKept() {
        try (NearCachedReportCache cache = instance(SHARED_REDIS)) {
            assertThat(cache.get("never-written")).isEmpty();
            assertThat(cache.localExpiresAfter("never-written")).isEmpty();
        }
    }

    @Test
    void getWhenRedisDownThenLocalCopiesStillAnswerAndCacheReportsUnavailable() throws Exception {
        int port = TestRedis.freePort();
        Process redis = TestRedis.start(port);
        String url = "redis://127.0.0.1:" + port;
        try (NearCachedReportCache cache = instance(url)) {
            cache.put("kept", VERDICT, Duration.ofMinutes(5));
            assertThat(cache.isAvailable()).isTrue();

            redis.destroy();
            assertThat(redis.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(cache.get("kept")).hasValue(VERDICT);
            assertThat(cache.get("only-in-redis")).isEmpty();
            assertThat(cache.isAvailable()).isFalse();
        }
        finally {
            redis.destroyForcibly();
        }
    }

    private static NearCachedReportCache instance(String url) {
        return new NearCachedReportCache(new CaffeineReportCache(Duration.ofMinutes(5), NearCachedReportCache.MAX_LOCAL_BYTES),
                new RedisReportCache(url, shared.prefix(), Duration.ofMinutes(5), Duration.ofSeconds(1)));
    }
}
