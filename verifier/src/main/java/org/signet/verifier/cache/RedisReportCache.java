package org.signet.verifier.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;

/**
 * Shared cache in Redis (Lettuce via Spring Data Redis), for several verifier instances. Redis being
 * down never fails a validation: commands fail fast (rejected while disconnected, short timeout),
 * the request goes on uncached, and Lettuce reconnects by itself when Redis is back.
 */
public final class RedisReportCache implements ReportCache, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisReportCache.class);

    private static final byte[] GET_WITH_PTTL = ("local v = redis.call('GET', KEYS[1]) "
            + "if not v then return nil end return {v, redis.call('PTTL', KEYS[1])}").getBytes(StandardCharsets.US_ASCII);

    private final LettuceConnectionFactory factory;
    private final byte[] prefix;
    private final Duration maxTtl;
    private volatile boolean lastKnownUp = true;

    public RedisReportCache(String redisUrl, String keyPrefix, Duration ttl, Duration timeout) {
        Objects.requireNonNull(redisUrl, "redisUrl cannot be null");
        RedisURI uri = RedisURI.create(redisUrl);
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        server.setDatabase(uri.getDatabase());
        if (uri.getPassword() != null && uri.getPassword().length > 0) {
            server.setPassword(uri.getPassword());
        }
        if (uri.getUsername() != null) {
            server.setUsername(uri.getUsername());
        }
        ClientOptions options = ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(timeout).clientOptions(options);
        if (uri.isSsl()) {
            client.useSsl();
        }
        this.factory = new LettuceConnectionFactory(server, client.build());
        this.factory.setValidateConnection(false);
        this.factory.afterPropertiesSet();
        this.factory.start();
        this.prefix = keyPrefix.getBytes(StandardCharsets.UTF_8);
        this.maxTtl = ttl;
    }

    @Override
    public Optional<byte[]> get(String key) {
        try (RedisConnection connection = factory.getConnection()) {
            byte[] value = connection.stringCommands().get(redisKey(key));
            up();
            return Optional.ofNullable(value);
        }
        catch (DataAccessException | IllegalStateException ex) {
            down(ex);
            return Optional.empty();
        }
    }

    /** An entry with the time it has left in Redis. */
    public record TimedEntry(byte[] value, Duration remaining) {
    }

    /**
     * The entry under {@code key} and how long it has left, in one round trip (a script: GET, then
     * PTTL), so a copy kept elsewhere can expire with it; empty when absent, expiring or unreachable.
     */
    public Optional<TimedEntry> getWithRemainingTtl(String key) {
        try (RedisConnection connection = factory.getConnection()) {
            List<Object> answer = connection.scriptingCommands().eval(GET_WITH_PTTL, ReturnType.MULTI, 1, redisKey(key));
            up();
            if (answer == null || answer.size() != 2 || !(answer.get(0) instanceof byte[] value)
                    || !(answer.get(1) instanceof Long millis) || millis <= 0) {
                return Optional.empty();
            }
            return Optional.of(new TimedEntry(value, Duration.ofMillis(millis)));
        }
        catch (DataAccessException | IllegalStateException ex) {
            down(ex);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        Duration effective = ttl.compareTo(maxTtl) < 0 ? ttl : maxTtl;
        try (RedisConnection connection = factory.getConnection()) {
            connection.stringCommands().set(redisKey(key), value,
                    Expiration.milliseconds(Math.max(1, effective.toMillis())), SetOption.upsert());
            up();
        }
        catch (DataAccessException | IllegalStateException ex) {
            down(ex);
        }
    }

    @Override
    public boolean isAvailable() {
        try (RedisConnection connection = factory.getConnection()) {
            boolean up = "PONG".equals(connection.ping());
            if (up) {
                up();
            }
            return up;
        }
        catch (DataAccessException | IllegalStateException ex) {
            down(ex);
            return false;
        }
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public void close() {
        factory.destroy();
    }

    private byte[] redisKey(String key) {
        byte[] suffix = key.getBytes(StandardCharsets.US_ASCII);
        byte[] full = new byte[prefix.length + suffix.length];
        System.arraycopy(prefix, 0, full, 0, prefix.length);
        System.arraycopy(suffix, 0, full, prefix.length, suffix.length);
        return full;
    }

    private void up() {
        if (!lastKnownUp) {
            lastKnownUp = true;
            log.info("Validation report cache (Redis) is reachable again");
        }
    }

    private void down(Exception ex) {
        if (lastKnownUp) {
            lastKnownUp = false;
            log.warn("Validation report cache (Redis) unavailable, validating without cache: {}", ex.getMessage());
        }
    }
}
