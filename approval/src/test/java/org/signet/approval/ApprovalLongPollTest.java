package org.signet.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.signet.approval.store.InMemoryApprovalStore;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/** The asynchronous long poll: answers on a decision, on the end of the wait, and refuses strangers at once. */
class ApprovalLongPollTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final TestApprovals t = new TestApprovals(new InMemoryApprovalStore(clock), clock);
    private final ApprovalLongPoll longPoll = new ApprovalLongPoll(t.approvals, Duration.ofSeconds(30), Duration.ofMillis(20),
            Executors.newSingleThreadScheduledExecutor());

    @AfterEach
    void close() {
        longPoll.close();
    }

    private PendingApproval requestForAlice() {
        return t.approvals.request(Portal.of("portal-a"), "cred-alice", "SHA-256", TestApprovals.documents("a.pdf"));
    }

    @Test
    void waitingWhenCitizenRejectsThenAnswersTheDecision() throws Exception {
        PendingApproval pending = requestForAlice();
        CompletableFuture<ApprovalRequest> waiting = longPoll.await(pending.requestId(), "portal-a", Duration.ofSeconds(30));
        assertThat(waiting).isNotDone();

        t.approvals.reject(t.approvals.open(TestApprovals.token(pending)));

        assertThat(waiting.get(30, TimeUnit.SECONDS).status()).isEqualTo(ApprovalStatus.REJECTED);
    }

    @Test
    void waitingWhenApprovedThenAnswersOnlyOnceSigned() throws Exception {
        PendingApproval pending = requestForAlice();
        CompletableFuture<ApprovalRequest> waiting = longPoll.await(pending.requestId(), "portal-a", Duration.ofSeconds(30));
        t.approvals.approve(t.approvals.open(TestApprovals.token(pending)), "passkey");
        assertThat(t.approvals.status(pending.requestId(), "portal-a").status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(waiting).isNotDone();

        t.approvals.complete(pending.requestId(), List.of("c2lnbmF0dXJl"), null);

        ApprovalRequest done = waiting.get(30, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(ApprovalStatus.SIGNED);
        assertThat(done.signatures()).containsExactly("c2lnbmF0dXJl");
    }

    @Test
    void waitRunsOutThenAnswersTheStatusAsItStands() throws Exception {
        PendingApproval pending = requestForAlice();

        ApprovalRequest answer = longPoll.await(pending.requestId(), "portal-a", Duration.ofMillis(100)).get(30, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(ApprovalStatus.PENDING_APPROVAL);
    }

    @Test
    void alreadyFinalOrNoWaitThenAnsweredAtOnce() {
        PendingApproval pending = requestForAlice();
        assertThat(longPoll.await(pending.requestId(), "portal-a", Duration.ZERO))
                .isCompletedWithValueMatching(r -> r.status() == ApprovalStatus.PENDING_APPROVAL);
        t.approvals.reject(t.approvals.open(TestApprovals.token(pending)));
        assertThat(longPoll.await(pending.requestId(), "portal-a", Duration.ofSeconds(30)))
                .isCompletedWithValueMatching(r -> r.status() == ApprovalStatus.REJECTED);
    }

    @Test
    void anotherPortalOrUnknownRequestThenNotFoundOnTheCallersThread() {
        PendingApproval pending = requestForAlice();
        assertThatThrownBy(() -> longPoll.await(pending.requestId(), "portal-b", Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(SignetException.class, e -> assertThat(e.problemType()).isEqualTo(ProblemType.NOT_FOUND));
        assertThatThrownBy(() -> longPoll.await("no-such-request", "portal-a", Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(SignetException.class, e -> assertThat(e.problemType()).isEqualTo(ProblemType.NOT_FOUND));
    }

    @Test
    void waitLongerThanTheMaximumThenBounded() {
        assertThat(longPoll.bound(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(30));
        assertThat(longPoll.bound(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }
}
