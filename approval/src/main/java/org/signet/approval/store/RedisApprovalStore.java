package org.signet.approval.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import java.util.function.Supplier;

import org.signet.approval.ApprovalRequest;
import org.signet.approval.ApprovalStatus;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approval state in Redis, shared by every replica. Single use by {@code GETDEL}; status transitions
 * by a Lua script that compares the stored status and writes in one atomic step (keeping the TTL).
 * When Redis cannot be reached every call fails with a 503 problem: nothing is approved or signed.
 */
public final class RedisApprovalStore implements ApprovalStore {

    private static final RedisScript<Long> TRANSITION = new DefaultRedisScript<>("""
            local current = redis.call('GET', KEYS[1])
            if not current then return 0 end
            if cjson.decode(current)['status'] ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
            return 1
            """, Long.class);

    private static final RedisScript<Long> INCREMENT = new DefaultRedisScript<>("""
            local value = redis.call('INCR', KEYS[1])
            if value == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return value
            """, Long.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final String prefix;

    public RedisApprovalStore(StringRedisTemplate redis, JsonMapper json, String prefix) {
        this.redis = redis;
        this.json = json;
        this.prefix = prefix;
    }

    @Override
    public void create(ApprovalRequest request, Duration retention) {
        run(() -> redis.opsForValue().set(requestKey(request.requestId()), json.writeValueAsString(request), retention));
        if (request.status() == ApprovalStatus.PENDING_APPROVAL) {
            // index of pending ids scored by deadline: counting is ZREMRANGEBYSCORE + ZCARD, no key scan
            run(() -> redis.opsForZSet().add(pendingKey(), request.requestId(), request.expiresAt().toEpochMilli()));
        }
    }

    @Override
    public long countPending() {
        Long count = call(() -> {
            redis.opsForZSet().removeRangeByScore(pendingKey(), Double.NEGATIVE_INFINITY, System.currentTimeMillis());
            return redis.opsForZSet().zCard(pendingKey());
        });
        return count == null ? 0 : count;
    }

    private String pendingKey() {
        return prefix + "pending";
    }

    @Override
    public Optional<ApprovalRequest> find(String requestId) {
        return Optional.ofNullable(call(() -> redis.opsForValue().get(requestKey(requestId))))
                .map(value -> json.readValue(value, ApprovalRequest.class));
    }

    @Override
    public boolean transition(String requestId, ApprovalStatus expected, ApprovalRequest updated) {
        Long done = call(() -> redis.execute(TRANSITION, List.of(requestKey(requestId)), expected.name(),
                json.writeValueAsString(updated)));
        boolean transitioned = done != null && done == 1L;
        if (transitioned && expected == ApprovalStatus.PENDING_APPROVAL && updated.status() != ApprovalStatus.PENDING_APPROVAL) {
            run(() -> redis.opsForZSet().remove(pendingKey(), requestId));
        }
        return transitioned;
    }

    @Override
    public void put(String namespace, String key, String value, Duration ttl) {
        run(() -> redis.opsForValue().set(key(namespace, key), value, ttl));
    }

    @Override
    public boolean putIfAbsent(String namespace, String key, String value, Duration ttl) {
        return Boolean.TRUE.equals(call(() -> redis.opsForValue().setIfAbsent(key(namespace, key), value, ttl)));
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return Optional.ofNullable(call(() -> redis.opsForValue().get(key(namespace, key))));
    }

    @Override
    public Optional<String> take(String namespace, String key) {
        return Optional.ofNullable(call(() -> redis.opsForValue().getAndDelete(key(namespace, key))));
    }

    @Override
    public long increment(String namespace, String key, Duration ttl) {
        Long value = call(() -> redis.execute(INCREMENT, List.of(key(namespace, key)), Long.toString(ttl.toMillis())));
        return value == null ? 0 : value;
    }

    @Override
    public void delete(String namespace, String key) {
        run(() -> redis.delete(key(namespace, key)));
    }

    private String requestKey(String requestId) {
        return prefix + "req:" + requestId;
    }

    private String key(String namespace, String key) {
        return prefix + namespace + ":" + key;
    }

    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (DataAccessException e) {
            throw new SignetException(ProblemType.APPROVAL_STORE_UNAVAILABLE,
                    "The approval store is not reachable; nothing was approved or signed.", e);
        }
    }

    private static void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }
}
