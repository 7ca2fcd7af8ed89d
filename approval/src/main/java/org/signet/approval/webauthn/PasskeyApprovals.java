package org.signet.approval.webauthn;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionsAuthenticatorOutputs;
import com.webauthn4j.data.extension.client.AuthenticationExtensionsClientOutputs;
import com.webauthn4j.verifier.exception.VerificationException;
import org.signet.approval.ApprovalRequest;
import org.signet.approval.ApprovalService;
import org.signet.approval.Secrets;
import org.signet.approval.VerificationCode;
import org.signet.approval.store.ApprovalStore;

/**
 * Approval with a passkey. The challenge binds the request: challenge = SHA-256(requestId || every
 * digest in order || 32 random bytes), kept (single use) in the {@link ApprovalStore} against the
 * request id. The assertion is verified by webauthn4j against the citizen's stored public key: origin,
 * rpId, challenge, signature, user presence and verification, signature counter.
 */
public final class PasskeyApprovals {

    static final String CHALLENGES = "chal";
    private static final Duration CHALLENGE_TTL = Duration.ofMinutes(2);

    private final ApprovalService approvals;
    private final ApprovalStore store;
    private final PasskeyRepository passkeys;
    private final WebAuthnManager webAuthn;
    private final AttestedCredentialDataConverter attestedData;
    private final WebAuthnPolicy policy;

    public PasskeyApprovals(ApprovalService approvals, ApprovalStore store, PasskeyRepository passkeys,
            WebAuthnManager webAuthn, AttestedCredentialDataConverter attestedData, WebAuthnPolicy policy) {
        this.approvals = Objects.requireNonNull(approvals, "approvals cannot be null");
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.passkeys = Objects.requireNonNull(passkeys, "passkeys cannot be null");
        this.webAuthn = Objects.requireNonNull(webAuthn, "webAuthn cannot be null");
        this.attestedData = Objects.requireNonNull(attestedData, "attestedData cannot be null");
        this.policy = Objects.requireNonNull(policy, "policy cannot be null");
    }

    /** {@code PublicKeyCredentialRequestOptionsJSON} for {@code navigator.credentials.get}. */
    public Map<String, Object> requestOptions(ApprovalRequest request) {
        approvals.ensurePending(request, "challenge");
        byte[] challenge = challenge(request, Secrets.random(32));
        Duration left = Duration.between(approvals.now(), request.expiresAt());
        store.put(CHALLENGES, Secrets.base64Url(challenge), request.requestId(),
                left.compareTo(CHALLENGE_TTL) < 0 ? left.plusSeconds(1) : CHALLENGE_TTL);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("challenge", Secrets.base64Url(challenge));
        options.put("rpId", policy.rpId());
        options.put("timeout", 120000);
        options.put("userVerification", "required");
        options.put("allowCredentials", passkeys.findByCitizen(request.citizenId()).stream().filter(Passkey::active)
                .map(p -> Map.of("type", "public-key", "id", p.credentialId())).toList());
        return options;
    }

    /** challenge = SHA-256(requestId || digests || nonce). */
    static byte[] challenge(ApprovalRequest request, byte[] nonce) {
        var sha256 = VerificationCode.sha256();
        sha256.update(request.requestId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        request.digests().forEach(sha256::update);
        sha256.update(nonce);
        return sha256.digest();
    }

    /**
     * Verifies the assertion ({@code PublicKeyCredential.toJSON()}) and approves the request; every
     * refusal is audited ({@code SAD_REFUSED}) with its reason.
     */
    public ApprovalRequest approve(ApprovalRequest request, String assertionJson) {
        approvals.ensurePending(request, "approve");
        AuthenticationData data;
        try {
            data = webAuthn.parseAuthenticationResponseJSON(assertionJson);
        } catch (DataConversionException | IllegalArgumentException e) {
            throw approvals.refused(request, "approve", "malformed assertion");
        }
        if (data.getCredentialId() == null || data.getCollectedClientData() == null
                || data.getCollectedClientData().getChallenge() == null) {
            throw approvals.refused(request, "approve", "malformed assertion");
        }
        Passkey passkey = passkeys.findByCredentialId(Secrets.base64Url(data.getCredentialId())).orElse(null);
        if (passkey == null || !passkey.active()) {
            throw approvals.refused(request, "approve", "unknown or revoked passkey");
        }
        if (!passkey.citizenId().equals(request.citizenId())) {
            throw approvals.refused(request, "approve", "passkey of another citizen");
        }
        byte[] challenge = data.getCollectedClientData().getChallenge().getValue();
        String boundTo = store.take(CHALLENGES, Secrets.base64Url(challenge)).orElse(null);
        if (!request.requestId().equals(boundTo)) {
            throw approvals.refused(request, "approve", "challenge not issued for this request");
        }
        CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), null, null, null,
                passkey.signCount(), attestedData.convert(Secrets.fromBase64Url(passkey.attestedData())),
                new AuthenticationExtensionsAuthenticatorOutputs<>(), null, new AuthenticationExtensionsClientOutputs<>(), null);
        try {
            webAuthn.verify(data, new AuthenticationParameters(policy.serverProperty(challenge), record,
                    List.of(data.getCredentialId()), true, true));
        } catch (VerificationException e) {
            throw approvals.refused(request, "approve", "assertion not verified: " + e.getClass().getSimpleName());
        }
        passkeys.updateSignCount(passkey.id(), data.getAuthenticatorData().getSignCount());
        return approvals.approve(request, "passkey");
    }
}
