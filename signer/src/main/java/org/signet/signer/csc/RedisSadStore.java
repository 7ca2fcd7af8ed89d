package org.signet.signer.csc;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.signet.approval.store.RedisConnections;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * SADs in Redis, shared by every replica. Single use across instances by {@code GETDEL}: Redis runs
 * it atomically, so of concurrent takers on any replicas exactly one gets the grant. Keys expire with
 * the grant. When Redis cannot be reached the CSC call fails with 503: nothing is authorised or signed.
 */
public final class RedisSadStore implements SadStore, AutoCloseable {

    private final StringRedisTemplate redis;
    private final String prefix;
    private final LettuceConnectionFactory ownConnection;
    private final JsonMapper json = JsonMapper.builder().build();

    public RedisSadStore(StringRedisTemplate redis, String prefix) {
        this(redis, prefix, null);
    }

    private RedisSadStore(StringRedisTemplate redis, String prefix, LettuceConnectionFactory ownConnection) {
        this.redis = Objects.requireNonNull(redis, "redis cannot be null");
        this.prefix = Objects.requireNonNull(prefix, "prefix cannot be null");
        this.ownConnection = ownConnection;
    }

    /** A store on its own connection to {@code redisUrl}, closed by {@link #close()}. */
    public static RedisSadStore connect(String redisUrl, String prefix) {
        LettuceConnectionFactory connection = RedisConnections.connect(redisUrl, Duration.ofSeconds(2));
        return new RedisSadStore(new StringRedisTemplate(connection), prefix, connection);
    }

    @Override
    public void close() {
        if (ownConnection != null) {
            ownConnection.destroy();
        }
    }

    @Override
    public void save(String sadHash, SadGrant grant) {
        long ttlMillis = Math.max(1, Duration.between(Instant.now(), grant.expiresAt()).toMillis());
        call(() -> {
            redis.opsForValue().set(prefix + sadHash, json.writeValueAsString(grant), Duration.ofMillis(ttlMillis));
            return null;
        });
    }

    @Override
    public Optional<SadGrant> take(String sadHash) {
        return Optional.ofNullable(call(() -> redis.opsForValue().getAndDelete(prefix + sadHash)))
                .map(value -> json.readValue(value, SadGrant.class));
    }

    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        }
        catch (DataAccessException ex) {
            throw new CscException(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable",
                    "The SAD store is not reachable; nothing was authorised or signed.");
        }
    }
}
