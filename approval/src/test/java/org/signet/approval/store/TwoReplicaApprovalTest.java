package org.signet.approval.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.approval.ApprovalStatus;
import org.signet.approval.MutableClock;
import org.signet.approval.PendingApproval;
import org.signet.approval.Portal;
import org.signet.approval.TestApprovals;
import org.signet.approval.TestRedis;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Two application instances against one real Redis: a request made on one is approved on the other. */
class TwoReplicaApprovalTest {

    private static final String PREFIX = "signet-test:" + UUID.randomUUID() + ":";
    private static LettuceConnectionFactory connectionA;
    private static LettuceConnectionFactory connectionB;

    @BeforeAll
    static void connect() {
        connectionA = TestRedis.connection();
        connectionB = TestRedis.connection();
    }

    @AfterAll
    static void disconnect() {
        TestRedis.deleteKeys(connectionA, PREFIX);
        connectionA.destroy();
        connectionB.destroy();
    }

    private static TestApprovals replica(LettuceConnectionFactory connection) {
        return new TestApprovals(new RedisApprovalStore(new StringRedisTemplate(connection), JsonMapper.builder().build(), PREFIX),
                MutableClock.startingNow());
    }

    @Test
    void consumeWhenSadUsedOnOneReplicaThenRefusedOnTheOther() {
        TestApprovals a = replica(connectionA);
        TestApprovals b = replica(connectionB);
        PendingApproval pending = a.approvals.request(Portal.of("portal-a"), "cred-alice", "SHA-256", TestApprovals.documents("a.pdf", "b.pdf"));

        b.approvals.approve(b.approvals.open(TestApprovals.token(pending)), "passkey");
        assertThat(a.approvals.status(pending.requestId(), "portal-a").status()).isEqualTo(ApprovalStatus.APPROVED);

        String sad = b.issuedSads.get(0);
        var digests = List.of(TestApprovals.sha256("a.pdf"), TestApprovals.sha256("b.pdf"));
        assertThat(a.activation.consume(sad, "cred-alice", "alice", "SHA-256", digests, "signer").requestId())
                .isEqualTo(pending.requestId());
        assertThatThrownBy(() -> b.activation.consume(sad, "cred-alice", "alice", "SHA-256", digests, "signer"))
                .satisfies(e -> assertThat(((SignetException) e).problemType()).isEqualTo(ProblemType.SAD_INVALID));

        // A second approval of the same request on either replica is refused.
        assertThatThrownBy(() -> a.approvals.approve(a.approvals.open(TestApprovals.token(pending)), "passkey"))
                .satisfies(e -> assertThat(((SignetException) e).problemType()).isEqualTo(ProblemType.APPROVAL_NOT_PENDING));
    }
}
