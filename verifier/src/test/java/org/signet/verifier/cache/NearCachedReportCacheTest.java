package org.signet.verifier.cache;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
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

    private static final String SHARED_REDIS = "redis://127.0.0.1:6379";
    private static final String PREFIX = "signet-test:" + UUID.randomUUID() + ":";
    private static final byte[] VERDICT = "sealed verdict".getBytes(StandardCharsets.US_ASCII);

    private static RedisClient client;
    private static StatefulRedisConnection<byte[], byte[]> raw;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(SHARED_REDIS);
        raw = client.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterAll
    static void cleanUp() {
        for (byte[] key : raw.sync().keys((PREFIX + "*").getBytes(StandardCharsets.UTF_8))) {
            raw.sync().del(key);
        }
        raw.close();
        client.shutdown();
    }

    @Test
    void getWhenAnotherInstanceWroteThenServedFromRedisAndKeptLocallyAtMost60Seconds() {
        try (NearCachedReportCache writer = instance(SHARED_REDIS); NearCachedReportCache reader = instance(SHARED_REDIS)) {
            writer.put("k1", VERDICT, Duration.ofMinutes(5));

            assertThat(reader.localExpiresAfter("k1")).isEmpty();
            assertThat(reader.get("k1")).hasValue(VERDICT);

            assertThat(reader.localExpiresAfter("k1")).hasValueSatisfying(left -> assertThat(left)
                    .isPositive().isLessThanOrEqualTo(NearCachedReportCache.MAX_LOCAL_TTL));
            assertThat(raw.sync().pttl(redisKey("k1"))).isGreaterThan(NearCachedReportCache.MAX_LOCAL_TTL.toMillis());
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

            assertThat(raw.sync().get(redisKey("k3"))).isEqualTo(VERDICT);
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
        int port = freePort();
        Process redis = startRedis(port);
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
                new RedisReportCache(url, PREFIX, Duration.ofMinutes(5), Duration.ofSeconds(1)));
    }

    private static byte[] redisKey(String key) {
        return (PREFIX + key).getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process startRedis(int port) throws Exception {
        Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return process;
            }
            catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }
}
