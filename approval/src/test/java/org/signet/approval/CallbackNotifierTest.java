package org.signet.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.approval.store.InMemoryApprovalStore;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/** Callbacks to a real HTTP listener standing in for the portal. */
class CallbackNotifierTest {

    /** One callback as the portal received it. */
    record Received(String timestamp, String signature, String body) {
    }

    @Test
    void rejectWhenCallbackAllowListedThenSignedPostRetriedUntilAccepted(@TempDir Path dir) throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch accepted = new CountDownLatch(1);
        HttpServer portal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        portal.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-Signet-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Signet-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            int status = calls.incrementAndGet() == 1 ? 500 : 204; // first delivery fails: retried
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            if (status == 204) {
                accepted.countDown();
            }
        });
        portal.start();
        String url = "http://127.0.0.1:" + portal.getAddress().getPort() + "/hook";
        byte[] key = CallbackNotifier.loadOrCreateKey(dir.resolve("secrets/callback.key"));
        try (CallbackNotifier callbacks = new CallbackNotifier(List.of(url), key, 3, Duration.ofMillis(50))) {
            MutableClock clock = MutableClock.startingNow();
            TestApprovals t = new TestApprovals(new InMemoryApprovalStore(clock), clock);
            ApprovalService approvals = new ApprovalService(new InMemoryApprovalStore(clock), TestApprovals.CITIZENS,
                    t.activation, List.of(), t.audit, t.properties, clock, callbacks);

            assertThatThrownBy(() -> approvals.request(Portal.of("portal-a"), "cred-alice", "SHA-256", TestApprovals.documents("a.pdf"),
                    "http://169.254.169.254/latest"))
                    .satisfies(e -> assertThat(((SignetException) e).problemType()).isEqualTo(ProblemType.BAD_REQUEST));

            PendingApproval pending = approvals.request(Portal.of("portal-a"), "cred-alice", "SHA-256", TestApprovals.documents("a.pdf"), url);
            approvals.reject(approvals.open(TestApprovals.token(pending)));

            assertThat(accepted.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            portal.stop(0);
        }
        assertThat(received).hasSize(2);
        Received last = received.get(1);
        assertThat(last.body()).contains("\"status\":\"REJECTED\"");
        CallbackNotifier verifier = new CallbackNotifier(List.of(), key, 1, Duration.ofSeconds(1));
        assertThat(last.signature()).isEqualTo("sha256=" + verifier.sign(last.timestamp() + "." + last.body()));
        assertThat(last.signature()).isNotEqualTo("sha256=" + verifier.sign(last.timestamp() + "." + last.body().replace("REJECTED", "SIGNED")));
        verifier.close();
    }
}
