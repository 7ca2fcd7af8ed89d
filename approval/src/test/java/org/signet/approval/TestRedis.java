package org.signet.approval;

import java.time.Duration;
import java.util.Set;

import org.signet.approval.store.RedisConnections;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The local Redis of the tests ({@code scripts/test-services.sh} starts it). */
public final class TestRedis {

    public static final String URL = System.getenv().getOrDefault("SIGNET_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private TestRedis() {
    }

    public static LettuceConnectionFactory connection() {
        return RedisConnections.connect(URL, Duration.ofSeconds(5));
    }

    public static void deleteKeys(LettuceConnectionFactory connection, String prefix) {
        StringRedisTemplate redis = new StringRedisTemplate(connection);
        Set<String> keys = redis.keys(prefix + "*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
