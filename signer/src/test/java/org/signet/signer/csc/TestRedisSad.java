package org.signet.signer.csc;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.signet.approval.store.RedisConnections;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** SAD stores on the tests' local Redis ({@code scripts/test-services.sh}), each under its own key prefix. */
final class TestRedisSad {

    static final String URL = System.getenv().getOrDefault("SIGNET_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private TestRedisSad() {
    }

    static String prefix() {
        return "signet-test:csc-sad:" + UUID.randomUUID() + ":";
    }

    /** A store with its own connection, as a separate replica would have. */
    static RedisSadStore store(String prefix) {
        return RedisSadStore.connect(URL, prefix);
    }

    /** Removes what a test left under its prefix (never anything else: Redis is shared). */
    static void deleteKeys(String prefix) {
        LettuceConnectionFactory connection = RedisConnections.connect(URL, Duration.ofSeconds(5));
        try {
            StringRedisTemplate redis = new StringRedisTemplate(connection);
            Set<String> keys = redis.keys(prefix + "*");
            if (keys != null && !keys.isEmpty()) {
                redis.delete(keys);
            }
        }
        finally {
            connection.destroy();
        }
    }
}
