package org.signet.approval.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.signet.approval.ApprovalDocument;
import org.signet.approval.ApprovalRequest;
import org.signet.approval.ApprovalStatus;

/** What every {@link ApprovalStore} must do; run against the in-memory store and real Redis. */
abstract class ApprovalStoreContract {

    /** Two views of the same shared state (two replicas); the in-memory store answers the same one twice. */
    abstract ApprovalStore replicaA();

    abstract ApprovalStore replicaB();

    static ApprovalRequest request(String id) {
        return new ApprovalRequest(id, "citizen-1", "alice", "portal-a",
                List.of(ApprovalDocument.of("a.pdf", 10, new byte[32])), "SHA-256", "1234",
                ApprovalStatus.PENDING_APPROVAL, Instant.now(), Instant.now().plusSeconds(300), "00", null, null, null, null);
    }

    @Test
    void countPendingSeesNewRequestsOnEveryReplicaAndNotDecidedOrOverdueOnes() {
        long before = replicaA().countPending();
        ApprovalRequest first = request("count-1");
        replicaA().create(first, Duration.ofMinutes(10));
        replicaB().create(request("count-2"), Duration.ofMinutes(10));
        ApprovalRequest overdue = new ApprovalRequest("count-3", "citizen-1", "alice", "portal-a", first.documents(), "SHA-256",
                "1234", ApprovalStatus.PENDING_APPROVAL, Instant.now().minusSeconds(600), Instant.now().minusSeconds(1), "00",
                null, null, null, null);
        replicaA().create(overdue, Duration.ofMinutes(10));
        assertThat(replicaB().countPending()).isEqualTo(before + 2);

        assertThat(replicaB().transition("count-1", ApprovalStatus.PENDING_APPROVAL,
                first.withStatus(ApprovalStatus.REJECTED, "rejected by the citizen", null))).isTrue();
        assertThat(replicaA().countPending()).isEqualTo(before + 1);
    }

    @Test
    void takeWhenTakenTwiceThenOnlyFirstGetsValue() {
        replicaA().put("sad", "k1", "v1", Duration.ofMinutes(1));
        assertThat(replicaA().take("sad", "k1")).contains("v1");
        assertThat(replicaA().take("sad", "k1")).isEmpty();
    }

    @Test
    void takeWhenConsumedOnOneReplicaThenOtherReplicaCannot() {
        replicaA().put("sad", "k2", "v2", Duration.ofMinutes(1));
        assertThat(replicaB().take("sad", "k2")).contains("v2");
        assertThat(replicaA().take("sad", "k2")).isEmpty();
        assertThat(replicaB().take("sad", "k2")).isEmpty();
    }

    @Test
    void takeWhenManyThreadsOnBothReplicasThenExactlyOneWinner() throws Exception {
        replicaA().put("sad", "k3", "v3", Duration.ofMinutes(1));
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Optional<String>>> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ApprovalStore store = i % 2 == 0 ? replicaA() : replicaB();
                tasks.add(() -> {
                    start.await();
                    return store.take("sad", "k3");
                });
            }
            List<Future<Optional<String>>> futures = tasks.stream().map(pool::submit).toList();
            start.countDown();
            long winners = 0;
            for (Future<Optional<String>> future : futures) {
                winners += future.get().isPresent() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void transitionWhenStatusMatchesThenReplacedOnceAcrossReplicas() {
        ApprovalRequest request = request("r1");
        replicaA().create(request, Duration.ofMinutes(10));
        ApprovalRequest approved = request.withStatus(ApprovalStatus.APPROVED, null, "passkey");
        ApprovalRequest rejected = request.withStatus(ApprovalStatus.REJECTED, "no", null);
        assertThat(replicaB().transition("r1", ApprovalStatus.PENDING_APPROVAL, approved)).isTrue();
        assertThat(replicaA().transition("r1", ApprovalStatus.PENDING_APPROVAL, rejected)).isFalse();
        assertThat(replicaA().find("r1")).get().extracting(ApprovalRequest::status).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(replicaA().find("r1").orElseThrow()).isEqualTo(approved);
    }

    @Test
    void transitionWhenUnknownThenFalse() {
        assertThat(replicaA().transition("nope", ApprovalStatus.PENDING_APPROVAL, request("nope"))).isFalse();
        assertThat(replicaA().find("nope")).isEmpty();
    }

    @Test
    void putIfAbsentWhenPresentThenFalse() {
        assertThat(replicaA().putIfAbsent("used", "c", "1", Duration.ofMinutes(1))).isTrue();
        assertThat(replicaB().putIfAbsent("used", "c", "1", Duration.ofMinutes(1))).isFalse();
    }

    @Test
    void incrementWhenCalledOnBothReplicasThenCountsShared() {
        assertThat(replicaA().increment("fail", "alice", Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(replicaB().increment("fail", "alice", Duration.ofMinutes(1))).isEqualTo(2);
        assertThat(replicaA().get("fail", "alice")).contains("2");
        replicaB().delete("fail", "alice");
        assertThat(replicaA().get("fail", "alice")).isEmpty();
    }
}
