package org.signet.approval.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

class RedisUnavailableTest {

    @Test
    void takeWhenRedisUnreachableThenServiceUnavailableNotAValue() {
        LettuceConnectionFactory nowhere = RedisConnections.connect("redis://127.0.0.1:1", Duration.ofSeconds(1));
        try {
            RedisApprovalStore store = new RedisApprovalStore(new StringRedisTemplate(nowhere), JsonMapper.builder().build(), "x:");
            assertThatThrownBy(() -> store.take("sad", "k"))
                    .isInstanceOf(SignetException.class)
                    .satisfies(e -> assertThat(((SignetException) e).problemType()).isEqualTo(ProblemType.APPROVAL_STORE_UNAVAILABLE));
        } finally {
            nowhere.destroy();
        }
    }
}
