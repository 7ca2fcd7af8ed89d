package org.signet.approval.webauthn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.verifier.exception.VerificationException;
import org.signet.approval.ApprovalProperties;
import org.signet.approval.CitizenAccess;
import org.signet.approval.CitizenCredentials;
import org.signet.approval.Portal;
import org.signet.approval.Secrets;
import org.signet.approval.store.ApprovalStore;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkey enrolment by one-time link: a portal that has identified the citizen asks for a link for
 * the citizen's CITIZEN credential; the citizen opens it on the phone and registers a passkey. The
 * link's token is stored only as a hash and is used up by the first successful registration.
 * Registration is verified by webauthn4j (attestation "none": the key is trusted because the
 * portal-identified citizen enrolled it through the one-time link).
 */
public final class Enrolments {

    static final String LINKS = "enrol";
    static final String CHALLENGES = "regchal";
    private static final Duration CHALLENGE_TTL = Duration.ofMinutes(5);

    /**
     * What an enrolment link stands for.
     *
     * @param citizenId    the citizen who will own the passkey
     * @param credentialId the CITIZEN credential the portal named
     * @param portal       the portal that asked
     * @param expiresAt    end of the link's validity
     */
    public record Enrolment(String citizenId, String credentialId, String portal, Instant expiresAt) {
    }

    /**
     * The link to hand to the citizen (shown once).
     *
     * @param link      the enrolment page URL, token in the fragment
     * @param expiresAt end of validity
     */
    public record EnrolmentLink(String link, Instant expiresAt) {
    }

    private final ApprovalStore store;
    private final PasskeyRepository passkeys;
    private final CitizenAccess citizens;
    private final WebAuthnManager webAuthn;
    private final AttestedCredentialDataConverter attestedData;
    private final WebAuthnPolicy policy;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final ApprovalProperties properties;
    private final Clock clock;

    public Enrolments(ApprovalStore store, PasskeyRepository passkeys, CitizenCredentials citizens, WebAuthnManager webAuthn,
            AttestedCredentialDataConverter attestedData, WebAuthnPolicy policy, AuditTrail audit, JsonMapper json,
            ApprovalProperties properties, Clock clock) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.passkeys = Objects.requireNonNull(passkeys, "passkeys cannot be null");
        this.citizens = new CitizenAccess(Objects.requireNonNull(citizens, "citizens cannot be null"),
                Objects.requireNonNull(audit, "audit cannot be null"));
        this.webAuthn = Objects.requireNonNull(webAuthn, "webAuthn cannot be null");
        this.attestedData = Objects.requireNonNull(attestedData, "attestedData cannot be null");
        this.policy = Objects.requireNonNull(policy, "policy cannot be null");
        this.audit = Objects.requireNonNull(audit, "audit cannot be null");
        this.json = Objects.requireNonNull(json, "json cannot be null");
        this.properties = Objects.requireNonNull(properties, "properties cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /** A portal (the credential's owning client) asks for an enrolment link for the owner of a CITIZEN credential. */
    public EnrolmentLink link(Portal caller, String credentialId) {
        String citizen = citizens.require(caller, credentialId, "enrolment-link").citizen();
        String portal = caller.subject();
        String token = Secrets.token(32);
        Instant expiresAt = clock.instant().plus(properties.enrolmentTtl());
        audit.record(AuditEvent.of(AuditEventType.ENROLMENT, portal).withCredential(credentialId)
                .with("action", "link-issued").with("citizen", citizen));
        store.put(LINKS, Secrets.hash(token), json.writeValueAsString(new Enrolment(citizen, credentialId, portal, expiresAt)),
                properties.enrolmentTtl());
        return new EnrolmentLink(properties.publicBaseUrl() + "/approval/enrol.html#" + token, expiresAt);
    }

    /** The enrolment behind a link; 404 when unknown, used or expired. */
    public Enrolment open(String token) {
        if (token == null || token.isBlank()) {
            throw notFound();
        }
        return store.get(LINKS, Secrets.hash(token)).map(value -> json.readValue(value, Enrolment.class))
                .orElseThrow(Enrolments::notFound);
    }

    /** Uses the link up (a second registration or TOTP set-up through it is refused). */
    public Enrolment consume(String token) {
        return store.take(LINKS, Secrets.hash(token)).map(value -> json.readValue(value, Enrolment.class))
                .orElseThrow(Enrolments::notFound);
    }

    /** {@code PublicKeyCredentialCreationOptionsJSON} for {@code navigator.credentials.create}. */
    public Map<String, Object> creationOptions(String token) {
        Enrolment enrolment = open(token);
        byte[] challenge = Secrets.random(32);
        store.put(CHALLENGES, Secrets.base64Url(challenge), Secrets.hash(token), CHALLENGE_TTL);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("rp", Map.of("id", policy.rpId(), "name", policy.rpName()));
        options.put("user", Map.of("id", userHandle(enrolment.citizenId()), "name", enrolment.citizenId(),
                "displayName", enrolment.citizenId()));
        options.put("challenge", Secrets.base64Url(challenge));
        options.put("pubKeyCredParams", List.of(Map.of("type", "public-key", "alg", -7), Map.of("type", "public-key", "alg", -257)));
        options.put("timeout", 120000);
        options.put("attestation", "none");
        options.put("authenticatorSelection", Map.of("residentKey", "preferred", "userVerification", "required"));
        options.put("excludeCredentials", passkeys.findByCitizen(enrolment.citizenId()).stream().filter(Passkey::active)
                .map(p -> Map.of("type", "public-key", "id", p.credentialId())).toList());
        return options;
    }

    /** Verifies the registration response ({@code PublicKeyCredential.toJSON()}) and stores the passkey. */
    public Passkey register(String token, String registrationJson, String label) {
        Enrolment enrolment = open(token);
        RegistrationData data;
        try {
            data = webAuthn.parseRegistrationResponseJSON(registrationJson);
        } catch (DataConversionException | IllegalArgumentException e) {
            throw refused(enrolment, "malformed registration response");
        }
        if (data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null) {
            throw refused(enrolment, "malformed registration response");
        }
        byte[] challenge = data.getCollectedClientData().getChallenge().getValue();
        String owner = store.take(CHALLENGES, Secrets.base64Url(challenge)).orElse(null);
        if (!Secrets.sameHash(owner, Secrets.hash(token))) {
            throw refused(enrolment, "challenge not issued for this enrolment");
        }
        try {
            webAuthn.verify(data, new RegistrationParameters(policy.serverProperty(challenge), WebAuthnPolicy.ALGORITHMS, true, true));
        } catch (VerificationException e) {
            throw refused(enrolment, "registration not verified: " + e.getClass().getSimpleName());
        }
        consume(token);
        AttestedCredentialData attested = data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData();
        Passkey passkey = new Passkey(Secrets.token(12), enrolment.citizenId(), Secrets.base64Url(attested.getCredentialId()),
                Secrets.base64Url(attestedData.convert(attested)), data.getAttestationObject().getAuthenticatorData().getSignCount(),
                label == null || label.isBlank() ? "passkey" : label.strip().substring(0, Math.min(label.strip().length(), 100)),
                clock.instant(), null);
        audit.record(AuditEvent.of(AuditEventType.ENROLMENT, enrolment.citizenId()).withCredential(enrolment.credentialId())
                .with("action", "passkey-registered").with("passkey", passkey.id()));
        passkeys.add(passkey);
        return passkey;
    }

    /** The owning portal client lists the citizen's devices (for the owner of the named credential). */
    public List<Passkey> list(Portal caller, String credentialId) {
        return passkeys.findByCitizen(citizens.require(caller, credentialId, "passkey-list").citizen());
    }

    /** The owning portal client revokes one of the citizen's passkeys. */
    public void revoke(Portal caller, String credentialId, String passkeyId) {
        String citizen = citizens.require(caller, credentialId, "passkey-revoke").citizen();
        if (!passkeys.revoke(citizen, passkeyId, clock.instant())) {
            throw new SignetException(ProblemType.NOT_FOUND, "No active passkey '" + passkeyId + "' for this citizen.");
        }
        audit.record(AuditEvent.of(AuditEventType.ENROLMENT, caller.subject()).withCredential(credentialId)
                .with("action", "passkey-revoked").with("passkey", passkeyId).with("citizen", citizen));
    }

    /** An opaque, stable user handle (no personal data in the authenticator). */
    static String userHandle(String citizenId) {
        byte[] hash = java.util.HexFormat.of().parseHex(Secrets.hash("signet-user:" + citizenId));
        return Secrets.base64Url(hash);
    }

    private SignetException refused(Enrolment enrolment, String reason) {
        audit.record(AuditEvent.of(AuditEventType.ENROLMENT, enrolment.citizenId()).withCredential(enrolment.credentialId())
                .with("action", "refused").with("reason", reason));
        return new SignetException(ProblemType.APPROVAL_REFUSED, "The passkey registration was refused (" + reason + ").");
    }

    private static SignetException notFound() {
        return new SignetException(ProblemType.NOT_FOUND, "No such enrolment link (unknown, used or expired).");
    }
}
