package org.signet.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.signet.approval.store.InMemoryApprovalStore;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

class ApprovalServiceTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final TestApprovals t = new TestApprovals(new InMemoryApprovalStore(clock), clock);

    private PendingApproval requestForAlice(String... names) {
        return t.approvals.request(Portal.of("portal-a"), "cred-alice", "SHA-256", TestApprovals.documents(names));
    }

    private static ProblemType problem(Throwable e) {
        return ((SignetException) e).problemType();
    }

    private List<AuditEvent> refusals() {
        return t.audit.events().stream().filter(e -> e.type() == AuditEventType.SAD_REFUSED).toList();
    }

    @Test
    void requestWhenCitizenCredentialThenPendingWithCodeOfTheDigestsAndOneTimeLink() {
        PendingApproval pending = requestForAlice("a.pdf", "b.pdf");

        assertThat(pending.status()).isEqualTo(ApprovalStatus.PENDING_APPROVAL);
        assertThat(pending.verificationCode()).isEqualTo(VerificationCode.of(
                List.of(TestApprovals.sha256("a.pdf"), TestApprovals.sha256("b.pdf"))));
        assertThat(pending.approvalLink()).startsWith("http://localhost:8080/approval/approve.html#" + pending.requestId() + ".");
        assertThat(pending.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        ApprovalRequest opened = t.approvals.open(TestApprovals.token(pending));
        assertThat(opened.citizenId()).isEqualTo("alice");
        assertThat(opened.portal()).isEqualTo("portal-a");
        assertThat(t.audit.events()).extracting(AuditEvent::type).containsExactly(AuditEventType.SIGNING_REQUEST_CREATED);
    }

    @Test
    void citizenCredentialOfAnotherClientWhenPortalAsksThenForbiddenAuditedAndNothingCreated() {
        org.signet.approval.webauthn.PasskeyRepository passkeys = new org.signet.approval.webauthn.PasskeyRepository(t.jdbc);
        passkeys.add(new org.signet.approval.webauthn.Passkey("pk-alice", "alice", "cred-id-alice", "data", 0, "phone",
                clock.instant(), null));
        Portal stranger = Portal.of("portal-b");
        Portal strangerClaimingOwnersSubject = new Portal("portal-a", "portal-b");

        for (Portal foreign : List.of(stranger, strangerClaimingOwnersSubject)) {
            assertThatThrownBy(() -> t.approvals.request(foreign, "cred-alice", "SHA-256", TestApprovals.documents("a.pdf")))
                    .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.CREDENTIAL_FORBIDDEN));
            assertThatThrownBy(() -> t.enrolments.link(foreign, "cred-alice"))
                    .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.CREDENTIAL_FORBIDDEN));
            assertThatThrownBy(() -> t.enrolments.list(foreign, "cred-alice"))
                    .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.CREDENTIAL_FORBIDDEN));
            assertThatThrownBy(() -> t.enrolments.revoke(foreign, "cred-alice", "pk-alice"))
                    .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.CREDENTIAL_FORBIDDEN));
        }
        // A credential without owning client serves no portal at all.
        assertThatThrownBy(() -> t.approvals.request(Portal.of("portal-a"), "cred-orphan", "SHA-256", TestApprovals.documents("a.pdf")))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.CREDENTIAL_FORBIDDEN));

        // Nothing was created or changed; every refusal is audited with the client and the action.
        assertThat(t.audit.events()).extracting(AuditEvent::type).containsOnly(AuditEventType.AUTHORIZATION_REFUSED);
        assertThat(t.audit.events()).extracting(e -> e.attributes().get("action")).containsExactly("approval-request",
                "enrolment-link", "passkey-list", "passkey-revoke", "approval-request", "enrolment-link", "passkey-list",
                "passkey-revoke", "approval-request");
        assertThat(t.audit.events()).extracting(AuditEvent::actor).startsWith("portal-b", "portal-b", "portal-b", "portal-b", "portal-a");
        assertThat(passkeys.findByCitizen("alice")).singleElement().satisfies(p -> assertThat(p.active()).isTrue());

        // The owner, and a clerk of the owner's client (azp), still act.
        Portal clerk = new Portal("clerk-17", "portal-a");
        assertThat(t.enrolments.list(clerk, "cred-alice")).hasSize(1);
        assertThat(t.enrolments.link(Portal.of("portal-a"), "cred-alice").link()).contains("/approval/enrol.html#");
        PendingApproval pending = t.approvals.request(clerk, "cred-alice", "SHA-256", TestApprovals.documents("a.pdf"));
        assertThat(t.approvals.status(pending.requestId(), "clerk-17").status()).isEqualTo(ApprovalStatus.PENDING_APPROVAL);
        t.enrolments.revoke(clerk, "cred-alice", "pk-alice");
        assertThat(passkeys.findByCitizen("alice")).singleElement().satisfies(p -> assertThat(p.active()).isFalse());
        // portal-b owns cred-carol
        assertThat(t.approvals.request(stranger, "cred-carol", "SHA-256", TestApprovals.documents("c.pdf")).status())
                .isEqualTo(ApprovalStatus.PENDING_APPROVAL);
    }

    @Test
    void requestWhenNotACitizenCredentialThenNotFound() {
        assertThatThrownBy(() -> t.approvals.request(Portal.of("portal-a"), "seal", "SHA-256", TestApprovals.documents("a.pdf")))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.CREDENTIAL_NOT_FOUND));
    }

    @Test
    void requestWhenDigestLengthDoesNotMatchAlgorithmThenBadRequest() {
        assertThatThrownBy(() -> t.approvals.request(Portal.of("portal-a"), "cred-alice", "SHA-512", TestApprovals.documents("a.pdf")))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.BAD_REQUEST));
    }

    @Test
    void openWhenSecretWrongThenNotFound() {
        PendingApproval pending = requestForAlice("a.pdf");
        assertThatThrownBy(() -> t.approvals.open(pending.requestId() + ".forged"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.NOT_FOUND));
        assertThatThrownBy(() -> t.approvals.open(pending.requestId()))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.NOT_FOUND));
    }

    @Test
    void statusWhenAnotherPortalAsksThenNotFound() {
        PendingApproval pending = requestForAlice("a.pdf");
        assertThat(t.approvals.status(pending.requestId(), "portal-a").status()).isEqualTo(ApprovalStatus.PENDING_APPROVAL);
        assertThatThrownBy(() -> t.approvals.status(pending.requestId(), "portal-b"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.NOT_FOUND));
    }

    @Test
    void approveWhenRejectedBeforeThenRefusedAndAudited() {
        PendingApproval pending = requestForAlice("a.pdf");
        ApprovalRequest request = t.approvals.open(TestApprovals.token(pending));
        t.approvals.reject(request);

        assertThatThrownBy(() -> t.approvals.approve(t.approvals.open(TestApprovals.token(pending)), "passkey"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.APPROVAL_NOT_PENDING));
        assertThat(t.issuedSads).isEmpty();
        assertThat(t.audit.events()).extracting(AuditEvent::type).contains(AuditEventType.APPROVAL_REJECTED);
        assertThat(refusals()).singleElement().satisfies(e -> assertThat(e.attributes()).containsEntry("reason", "status REJECTED"));
        assertThat(t.approvals.status(pending.requestId(), "portal-a").status()).isEqualTo(ApprovalStatus.REJECTED);
    }

    @Test
    void approveWhenDeadlinePassedThenExpiredRefusedAndAudited() {
        PendingApproval pending = requestForAlice("a.pdf");
        ApprovalRequest request = t.approvals.open(TestApprovals.token(pending));
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertThatThrownBy(() -> t.approvals.approve(request, "passkey"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.APPROVAL_EXPIRED));
        assertThat(t.issuedSads).isEmpty();
        assertThat(t.audit.events()).extracting(AuditEvent::type).contains(AuditEventType.APPROVAL_EXPIRED);
        assertThat(refusals()).singleElement().satisfies(e -> assertThat(e.attributes()).containsEntry("reason", "expired"));
        assertThat(t.approvals.status(pending.requestId(), "portal-a").status()).isEqualTo(ApprovalStatus.EXPIRED);
    }

    @Test
    void approveWhenPendingThenSadBoundToExactDigestsWorksOnce() {
        PendingApproval pending = requestForAlice("a.pdf", "b.pdf");
        ApprovalRequest approved = t.approvals.approve(t.approvals.open(TestApprovals.token(pending)), "passkey");
        assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
        String sad = t.issuedSads.get(0);
        List<byte[]> digests = List.of(TestApprovals.sha256("a.pdf"), TestApprovals.sha256("b.pdf"));

        SignatureActivation.Binding binding = t.activation.consume(sad, "cred-alice", "alice", "SHA-256", digests, "signer");
        assertThat(binding.requestId()).isEqualTo(pending.requestId());

        // Replay: the same SAD a second time
        assertThatThrownBy(() -> t.activation.consume(sad, "cred-alice", "alice", "SHA-256", digests, "signer"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.SAD_INVALID));
        assertThat(refusals()).singleElement().satisfies(e -> assertThat(e.attributes())
                .containsEntry("reason", "unknown, used or expired"));
        assertThat(t.audit.events()).extracting(AuditEvent::type).contains(AuditEventType.APPROVAL_GRANTED);
    }

    @Test
    void consumeWhenOneHashOfBatchSwappedThenRefusedAuditedAndSadUsedUp() {
        PendingApproval pending = requestForAlice("a.pdf", "b.pdf", "c.pdf");
        t.approvals.approve(t.approvals.open(TestApprovals.token(pending)), "passkey");
        String sad = t.issuedSads.get(0);
        List<byte[]> swapped = List.of(TestApprovals.sha256("a.pdf"), TestApprovals.sha256("EVIL.pdf"), TestApprovals.sha256("c.pdf"));
        List<byte[]> right = List.of(TestApprovals.sha256("a.pdf"), TestApprovals.sha256("b.pdf"), TestApprovals.sha256("c.pdf"));

        assertThatThrownBy(() -> t.activation.consume(sad, "cred-alice", "alice", "SHA-256", swapped, "portal-a"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.SAD_INVALID));
        assertThat(refusals()).singleElement().satisfies(e -> assertThat(e.attributes())
                .containsEntry("reason", "bound to other digests"));
        // Fail closed: the SAD does not survive a wrong try.
        assertThatThrownBy(() -> t.activation.consume(sad, "cred-alice", "alice", "SHA-256", right, "portal-a"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.SAD_INVALID));
    }

    @Test
    void consumeWhenOtherCredentialOrCitizenOrAlgorithmThenRefused() {
        List<byte[]> digests = List.of(TestApprovals.sha256("a.pdf"));
        for (String[] attempt : new String[][] { { "cred-bob", "alice", "SHA-256" }, { "cred-alice", "bob", "SHA-256" },
                { "cred-alice", "alice", "SHA-512" } }) {
            PendingApproval pending = requestForAlice("a.pdf");
            t.approvals.approve(t.approvals.open(TestApprovals.token(pending)), "passkey");
            String sad = t.issuedSads.get(t.issuedSads.size() - 1);
            assertThatThrownBy(() -> t.activation.consume(sad, attempt[0], attempt[1], attempt[2], digests, "portal-a"))
                    .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.SAD_INVALID));
        }
        assertThat(refusals()).extracting(e -> e.attributes().get("reason")).containsExactly(
                "bound to another credential", "bound to another citizen", "bound to another hash algorithm");
    }

    @Test
    void consumeWhenPortalHasNoApprovalThenRefusedAndAudited() {
        List<byte[]> digests = List.of(TestApprovals.sha256("a.pdf"));
        assertThatThrownBy(() -> t.activation.consume(null, "cred-alice", "alice", "SHA-256", digests, "portal-a"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.SAD_INVALID));
        assertThatThrownBy(() -> t.activation.consume("made-up", "cred-alice", "alice", "SHA-256", digests, "portal-a"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.SAD_INVALID));
        assertThat(refusals()).extracting(AuditEvent::actor).containsExactly("portal-a", "portal-a");
    }

    @Test
    void consumeWhenSadOlderThanItsLifetimeThenRefused() {
        PendingApproval pending = requestForAlice("a.pdf");
        t.approvals.approve(t.approvals.open(TestApprovals.token(pending)), "passkey");
        clock.advance(t.properties.sadTtl().plusSeconds(1));
        assertThatThrownBy(() -> t.activation.consume(t.issuedSads.get(0), "cred-alice", "alice", "SHA-256",
                List.of(TestApprovals.sha256("a.pdf")), "signer"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.SAD_INVALID));
    }

    @Test
    void completeWhenSignedThenPortalSeesSigned() throws InterruptedException {
        PendingApproval pending = requestForAlice("a.pdf");
        t.approvals.approve(t.approvals.open(TestApprovals.token(pending)), "passkey");
        t.approvals.complete(pending.requestId(), List.of("c2lnbmF0dXJl"), null);
        ApprovalRequest done = t.approvals.await(pending.requestId(), "portal-a", Duration.ofSeconds(5));
        assertThat(done.status()).isEqualTo(ApprovalStatus.SIGNED);
        assertThat(done.signatures()).containsExactly("c2lnbmF0dXJl");
    }
}
