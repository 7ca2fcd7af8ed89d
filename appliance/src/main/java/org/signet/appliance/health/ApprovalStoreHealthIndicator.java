package org.signet.appliance.health;

import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The approval store's Redis answers PING. Citizen approvals cannot start or complete without it, so
 * it is part of readiness where {@code signet.approval.store=redis}.
 */
public final class ApprovalStoreHealthIndicator extends AbstractHealthIndicator {

    private final RedisConnectionFactory redis;

    public ApprovalStoreHealthIndicator(RedisConnectionFactory redis) {
        super("Approval store (Redis) check failed");
        this.redis = Objects.requireNonNull(redis, "redis cannot be null");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try (RedisConnection connection = redis.getConnection()) {
            builder.withDetail("type", "redis");
            if ("PONG".equalsIgnoreCase(connection.ping())) {
                builder.up();
            }
            else {
                builder.down();
            }
        }
    }
}
