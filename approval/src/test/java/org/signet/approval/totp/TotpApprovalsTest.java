package org.signet.approval.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import org.junit.jupiter.api.Test;
import org.signet.approval.ApprovalStatus;
import org.signet.approval.MutableClock;
import org.signet.approval.PendingApproval;
import org.signet.approval.Portal;
import org.signet.approval.TestApprovals;
import org.signet.approval.store.InMemoryApprovalStore;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

class TotpApprovalsTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final TestApprovals t = new TestApprovals(new InMemoryApprovalStore(clock), clock);

    private String enrolAlice() {
        String link = t.enrolments.link(Portal.of("portal-a"), "cred-alice").link();
        return t.totp.enrol(link.substring(link.indexOf('#') + 1)).secret();
    }

    private String codeNow(String secret) throws Exception {
        return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, clock.instant().getEpochSecond() / 30);
    }

    private PendingApproval request() {
        return t.approvals.request(Portal.of("portal-a"), "cred-alice", "SHA-256", TestApprovals.documents("a.pdf"));
    }

    private static ProblemType problem(Throwable e) {
        return ((SignetException) e).problemType();
    }

    @Test
    void approveWhenRightCodeThenApprovedOnceAndCodeNotReusable() throws Exception {
        String secret = enrolAlice();
        String code = codeNow(secret);
        PendingApproval first = request();

        assertThat(t.totp.approve(t.approvals.open(TestApprovals.token(first)), code).status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(t.issuedSads).hasSize(1);

        PendingApproval second = request();
        assertThatThrownBy(() -> t.totp.approve(t.approvals.open(TestApprovals.token(second)), code))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.APPROVAL_REFUSED));
        assertThat(t.audit.events()).filteredOn(e -> e.type() == AuditEventType.SAD_REFUSED)
                .extracting(e -> e.attributes().get("reason")).containsExactly("totp code already used");
    }

    @Test
    void approveWhenWrongCodesReachTheLimitThenLockedEvenForTheRightCode() throws Exception {
        String secret = enrolAlice();
        PendingApproval pending = request();
        String token = TestApprovals.token(pending);
        String right = codeNow(secret);
        String wrong = right.equals("000000") ? "111111" : "000000";

        for (int i = 1; i < t.properties.totpMaxAttempts(); i++) {
            assertThatThrownBy(() -> t.totp.approve(t.approvals.open(token), wrong))
                    .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.APPROVAL_REFUSED));
        }
        assertThatThrownBy(() -> t.totp.approve(t.approvals.open(token), wrong))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.APPROVAL_LOCKED));
        assertThatThrownBy(() -> t.totp.approve(t.approvals.open(token), right))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.APPROVAL_LOCKED));

        assertThat(t.issuedSads).isEmpty();
        assertThat(t.audit.events()).filteredOn(e -> e.type() == AuditEventType.SAD_REFUSED)
                .extracting(e -> e.attributes().get("reason"))
                .containsExactly("wrong totp code (1 of 5)", "wrong totp code (2 of 5)", "wrong totp code (3 of 5)",
                        "wrong totp code (4 of 5)", "wrong totp code (5 of 5)", "totp locked");
        assertThat(t.approvals.status(pending.requestId(), "portal-a").status()).isEqualTo(ApprovalStatus.PENDING_APPROVAL);

        // After the lockout the right code works again.
        clock.advance(t.properties.totpLockout().plusSeconds(1).minus(Duration.ZERO));
        PendingApproval later = request();
        assertThat(t.totp.approve(t.approvals.open(TestApprovals.token(later)), codeNow(secret)).status())
                .isEqualTo(ApprovalStatus.APPROVED);
    }

    private String storedSecret(String citizen) {
        return t.jdbc.queryForObject("SELECT secret FROM approval_totp WHERE citizen_id = ?", String.class, citizen);
    }

    @Test
    void enrolWhenSecretStoredThenRowHoldsOnlyHsmCiphertextAndApprovalStillWorks() throws Exception {
        String secret = enrolAlice();
        String stored = storedSecret("alice");

        assertThat(stored).startsWith("hsm1:").doesNotContain(secret).doesNotContain(secret.substring(0, 8));
        assertThat(new String(java.util.Base64.getDecoder().decode(stored.substring(5)), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(secret.substring(0, 8));
        PendingApproval pending = request();
        assertThat(t.totp.approve(t.approvals.open(TestApprovals.token(pending)), codeNow(secret)).status())
                .isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void approveWhenRowCopiedFromAnotherCitizenThenRefusedAndNothingIssued() throws Exception {
        String aliceSecret = enrolAlice();
        String link = t.enrolments.link(Portal.of("portal-a"), "cred-bob").link();
        t.totp.enrol(link.substring(link.indexOf('#') + 1));
        // An attacker with database access copies Alice's row onto Bob's, knowing Alice's codes.
        t.jdbc.update("UPDATE approval_totp SET secret = ? WHERE citizen_id = 'bob'", storedSecret("alice"));
        PendingApproval forBob = t.approvals.request(Portal.of("portal-a"), "cred-bob", "SHA-256", TestApprovals.documents("b.pdf"));

        assertThatThrownBy(() -> t.totp.approve(t.approvals.open(TestApprovals.token(forBob)), codeNow(aliceSecret)))
                .satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.APPROVAL_REFUSED));
        assertThat(t.issuedSads).isEmpty();
        assertThat(t.audit.events()).filteredOn(e -> e.type() == AuditEventType.SAD_REFUSED)
                .extracting(e -> e.attributes().get("reason")).containsExactly("stored totp secret does not open for this citizen");
        assertThat(t.approvals.status(forBob.requestId(), "portal-a").status()).isEqualTo(ApprovalStatus.PENDING_APPROVAL);
    }

    @Test
    void clearRowsFromBeforeEncryptionWhenSweptOrReadThenSealedAndStillUsable() throws Exception {
        String legacy = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        t.jdbc.update("INSERT INTO approval_totp (citizen_id, secret, created_at) VALUES ('alice', ?, 0)", legacy);
        t.jdbc.update("INSERT INTO approval_totp (citizen_id, secret, created_at) VALUES ('bob', ?, 0)", legacy);
        TotpSecrets secrets = new TotpSecrets(t.jdbc, TestApprovals.hsm());

        assertThat(secrets.find("bob")).contains(legacy); // read: answered and sealed in place
        assertThat(storedSecret("bob")).startsWith("hsm1:").doesNotContain(legacy);
        assertThat(secrets.sealClearRows()).isEqualTo(1); // alice's; bob's is sealed already
        assertThat(secrets.sealClearRows()).isZero();
        assertThat(storedSecret("alice")).startsWith("hsm1:").doesNotContain(legacy);
        PendingApproval pending = request();
        assertThat(t.totp.approve(t.approvals.open(TestApprovals.token(pending)), codeNow(legacy)).status())
                .isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void enrolWhenLinkUsedTwiceThenSecondRefused() {
        String link = t.enrolments.link(Portal.of("portal-a"), "cred-alice").link();
        String token = link.substring(link.indexOf('#') + 1);
        t.totp.enrol(token);
        assertThatThrownBy(() -> t.totp.enrol(token)).satisfies(e -> assertThat(problem(e)).isEqualTo(ProblemType.NOT_FOUND));
        assertThat(t.audit.events()).extracting(AuditEvent::type).contains(AuditEventType.ENROLMENT);
    }
}
