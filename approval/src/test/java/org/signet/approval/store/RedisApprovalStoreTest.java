package org.signet.approval.store;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.signet.approval.TestRedis;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The contract against the real Redis (127.0.0.1:6379), with two connections playing two replicas. */
class RedisApprovalStoreTest extends ApprovalStoreContract {

    private static LettuceConnectionFactory connectionA;
    private static LettuceConnectionFactory connectionB;
    private static final String PREFIX = "signet-test:" + UUID.randomUUID() + ":";

    private final RedisApprovalStore replicaA = new RedisApprovalStore(new StringRedisTemplate(connectionA),
            JsonMapper.builder().build(), PREFIX);
    private final RedisApprovalStore replicaB = new RedisApprovalStore(new StringRedisTemplate(connectionB),
            JsonMapper.builder().build(), PREFIX);

    @BeforeAll
    static void connect() {
        connectionA = TestRedis.connection();
        connectionB = TestRedis.connection();
    }

    @AfterEach
    void clean() {
        TestRedis.deleteKeys(connectionA, PREFIX);
    }

    @AfterAll
    static void disconnect() {
        connectionA.destroy();
        connectionB.destroy();
    }

    @Override
    ApprovalStore replicaA() {
        return replicaA;
    }

    @Override
    ApprovalStore replicaB() {
        return replicaB;
    }
}
