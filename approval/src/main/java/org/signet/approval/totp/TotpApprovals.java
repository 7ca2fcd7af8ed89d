package org.signet.approval.totp;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.samstevens.totp.code.CodeVerifier;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.DefaultCodeVerifier;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import dev.samstevens.totp.time.TimeProvider;
import org.signet.approval.ApprovalProperties;
import org.signet.approval.ApprovalRequest;
import org.signet.approval.ApprovalService;
import org.signet.approval.store.ApprovalStore;
import org.signet.approval.webauthn.Enrolments;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.SealedDataException;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * The fallback for citizens without a passkey-capable phone: RFC 6238 TOTP (6 digits, 30 s, SHA-1,
 * one step of clock drift), verified by a maintained library. Wrong codes count per citizen in the
 * shared store; at {@code signet.approval.totp-max-attempts} TOTP is locked for
 * {@code signet.approval.totp-lockout}. A code that worked once is not accepted again.
 */
public final class TotpApprovals {

    static final String FAILURES = "totpfail";
    static final String USED = "totpused";

    /**
     * What the citizen types into an authenticator app (shown once).
     *
     * @param secret     base32 secret
     * @param otpauthUri the {@code otpauth://} URI (for a QR code)
     */
    public record TotpSetup(String secret, String otpauthUri) {
    }

    private final ApprovalService approvals;
    private final Enrolments enrolments;
    private final TotpSecrets secrets;
    private final ApprovalStore store;
    private final AuditTrail audit;
    private final ApprovalProperties properties;
    private final Clock clock;
    private final CodeVerifier verifier;

    public TotpApprovals(ApprovalService approvals, Enrolments enrolments, TotpSecrets secrets, ApprovalStore store,
            AuditTrail audit, ApprovalProperties properties, Clock clock) {
        this.approvals = Objects.requireNonNull(approvals, "approvals cannot be null");
        this.enrolments = Objects.requireNonNull(enrolments, "enrolments cannot be null");
        this.secrets = Objects.requireNonNull(secrets, "secrets cannot be null");
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.audit = Objects.requireNonNull(audit, "audit cannot be null");
        this.properties = Objects.requireNonNull(properties, "properties cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        TimeProvider time = () -> clock.instant().getEpochSecond();
        DefaultCodeVerifier codes = new DefaultCodeVerifier(new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6), time);
        codes.setTimePeriod(30);
        codes.setAllowedTimePeriodDiscrepancy(1);
        this.verifier = codes;
    }

    /** Sets up TOTP through an enrolment link (which it uses up). */
    public TotpSetup enrol(String enrolmentToken) {
        // Sealed in the HSM before the link is used up: with the token unusable the link stays valid.
        String secret = new DefaultSecretGenerator(32).generate();
        String sealed = secrets.seal(enrolments.open(enrolmentToken).citizenId(), secret);
        Enrolments.Enrolment enrolment = enrolments.consume(enrolmentToken);
        audit.record(AuditEvent.of(AuditEventType.ENROLMENT, enrolment.citizenId()).withCredential(enrolment.credentialId())
                .with("action", "totp-registered"));
        secrets.store(enrolment.citizenId(), sealed, clock.instant());
        store.delete(FAILURES, enrolment.citizenId());
        String label = java.net.URLEncoder.encode(properties.rpName() + ":" + enrolment.citizenId(), java.nio.charset.StandardCharsets.UTF_8);
        return new TotpSetup(secret, "otpauth://totp/" + label + "?secret=" + secret + "&issuer="
                + java.net.URLEncoder.encode(properties.rpName(), java.nio.charset.StandardCharsets.UTF_8)
                + "&algorithm=SHA1&digits=6&period=30");
    }

    public boolean enrolled(String citizenId) {
        return secrets.exists(citizenId);
    }

    /** Approves the request with a TOTP code, or refuses (audited) and counts the failure. */
    public ApprovalRequest approve(ApprovalRequest request, String code) {
        approvals.ensurePending(request, "approve-totp");
        String citizen = request.citizenId();
        if (failures(citizen) >= properties.totpMaxAttempts()) {
            SignetException refused = approvals.refused(request, "approve-totp", "totp locked");
            throw locked(refused);
        }
        String secret;
        try {
            secret = secrets.find(citizen).orElseThrow(() -> approvals.refused(request, "approve-totp", "no totp enrolled"));
        }
        catch (SealedDataException e) {
            // changed, or copied from another citizen's row: fail closed
            throw approvals.refused(request, "approve-totp", "stored totp secret does not open for this citizen");
        }
        if (code == null || !code.matches("\\d{6}") || !verifier.isValidCode(secret, code)) {
            long failed = store.increment(FAILURES, citizen, properties.totpLockout());
            SignetException refused = approvals.refused(request, "approve-totp",
                    "wrong totp code (" + failed + " of " + properties.totpMaxAttempts() + ")");
            throw failed >= properties.totpMaxAttempts() ? locked(refused) : refused;
        }
        if (!store.putIfAbsent(USED, citizen + ":" + code, "1", Duration.ofSeconds(120))) {
            throw approvals.refused(request, "approve-totp", "totp code already used");
        }
        store.delete(FAILURES, citizen);
        return approvals.approve(request, "totp");
    }

    private long failures(String citizen) {
        return store.get(FAILURES, citizen).map(Long::parseLong).orElse(0L);
    }

    /** 423 instead of the (already audited) refusal. */
    private static SignetException locked(SignetException refusal) {
        return new SignetException(ProblemType.APPROVAL_LOCKED,
                "Too many wrong codes: approval by code is locked for a while. Use a passkey or try later.", refusal);
    }
}
