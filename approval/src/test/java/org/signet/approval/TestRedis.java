package org.signet.approval;

import java.util.Set;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The local Redis of the tests ({@code scripts/test-services.sh} starts it). */
public final class TestRedis {

    private TestRedis() {
    }

    public static LettuceConnectionFactory connection() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    public static void deleteKeys(LettuceConnectionFactory connection, String prefix) {
        StringRedisTemplate redis = new StringRedisTemplate(connection);
        Set<String> keys = redis.keys(prefix + "*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
