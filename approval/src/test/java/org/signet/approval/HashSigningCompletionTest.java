package org.signet.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.approval.store.InMemoryApprovalStore;
import org.signet.core.audit.AuditEventType;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.hsm.TokenKey;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.core.test.TestHome;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Approval to signature with the real SoftHSM token's citizen key: the completion consumes the SAD,
 * signs the approved digests in the HSM, and the values verify with the citizen's certificate.
 */
class HashSigningCompletionTest {

    private static Pkcs11HsmToken token;

    @BeforeAll
    static void open() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
    }

    @AfterAll
    static void close() {
        token.close();
    }

    private static <T> ObjectProvider<T> provider(Supplier<T> value) {
        return new ObjectProvider<>() {
            @Override
            public T getObject() {
                return value.get();
            }

            @Override
            public T getIfAvailable() {
                return value.get();
            }
        };
    }

    @Test
    void approveWhenSignerPresentThenSignedInHsmAndSadUsedUp() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        InMemoryApprovalStore store = new InMemoryApprovalStore(clock);
        TokenKey citizenKey = token.findKey("citizen").orElseThrow();
        List<String> sads = new ArrayList<>();
        ApprovalService[] service = new ApprovalService[1];
        TestApprovals t = new TestApprovals(store, clock);
        HashSigningCompletion completion = new HashSigningCompletion(t.activation,
                provider(() -> (credentialId, algorithm, digests) -> digests.stream()
                        .map(d -> token.signDigest(citizenKey, new Digest(DigestAlgorithm.SHA256, d)).getValue()).toList()),
                provider(() -> service[0]), t.audit);
        service[0] = new ApprovalService(store, TestApprovals.CITIZENS, t.activation,
                List.of((request, sad) -> sads.add(sad), completion), t.audit, t.properties, clock);

        PendingApproval pending = service[0].request(Portal.of("portal-a"), "cred-alice", "SHA-256",
                TestApprovals.documents("to-khai.pdf", "cccd.pdf"));
        service[0].approve(service[0].open(TestApprovals.token(pending)), "passkey");

        ApprovalRequest done = service[0].status(pending.requestId(), "portal-a");
        assertThat(done.status()).isEqualTo(ApprovalStatus.SIGNED);
        assertThat(done.signatures()).hasSize(2);
        String[] names = { "to-khai.pdf", "cccd.pdf" };
        for (int i = 0; i < 2; i++) {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(citizenKey.certificate().getPublicKey());
            verifier.update(names[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(verifier.verify(Base64.getDecoder().decode(done.signatures().get(i)))).isTrue();
        }
        assertThat(t.audit.events()).extracting(e -> e.type()).containsSubsequence(AuditEventType.APPROVAL_GRANTED,
                AuditEventType.SIGNATURE_PRODUCED);
        // The signer used the SAD: nobody can use it again.
        assertThatThrownBy(() -> t.activation.consume(sads.get(0), "cred-alice", "alice", "SHA-256",
                List.of(TestApprovals.sha256("to-khai.pdf"), TestApprovals.sha256("cccd.pdf")), "portal-a"))
                .satisfies(e -> assertThat(((SignetException) e).problemType()).isEqualTo(ProblemType.SAD_INVALID));
    }

    @Test
    void approveWhenHsmFailsThenFailedWithReasonAndNoSignatures() {
        MutableClock clock = MutableClock.startingNow();
        InMemoryApprovalStore store = new InMemoryApprovalStore(clock);
        TestApprovals t = new TestApprovals(store, clock);
        ApprovalService[] service = new ApprovalService[1];
        HashSigningCompletion completion = new HashSigningCompletion(t.activation, provider(() -> (c, a, d) -> {
            throw new org.signet.core.hsm.HsmException("token removed", null);
        }), provider(() -> service[0]), t.audit);
        service[0] = new ApprovalService(store, TestApprovals.CITIZENS, t.activation, List.of(completion), t.audit,
                t.properties, clock);
        PendingApproval pending = service[0].request(Portal.of("portal-a"), "cred-alice", "SHA-256", TestApprovals.documents("a.pdf"));

        service[0].approve(service[0].open(TestApprovals.token(pending)), "passkey");

        ApprovalRequest done = service[0].status(pending.requestId(), "portal-a");
        assertThat(done.status()).isEqualTo(ApprovalStatus.FAILED);
        assertThat(done.signatures()).isNull();
        assertThat(done.reason()).isNotBlank();
        assertThat(t.audit.events()).extracting(e -> e.type()).doesNotContain(AuditEventType.SIGNATURE_PRODUCED);
    }
}
