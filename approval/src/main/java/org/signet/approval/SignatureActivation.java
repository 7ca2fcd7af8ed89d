package org.signet.approval;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.signet.approval.store.ApprovalStore;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signature activation data (SAD): a random token that lets the signer use a citizen's key once, for
 * exactly the approved digests. Only its hash is stored, with what it is bound to; consuming it is one
 * atomic take in the {@link ApprovalStore}, so a SAD works once across all replicas. Every refusal is
 * audited as {@code SAD_REFUSED} with its reason.
 */
public final class SignatureActivation {

    static final String NAMESPACE = "sad";

    /**
     * What a SAD is bound to.
     *
     * @param requestId     the approved request
     * @param credentialId  the citizen credential
     * @param citizenId     the citizen who approved
     * @param hashAlgorithm algorithm of the digests
     * @param digests       hex digests, in request order
     */
    public record Binding(String requestId, String credentialId, String citizenId, String hashAlgorithm,
            List<String> digests) {
    }

    private final ApprovalStore store;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Duration ttl;

    public SignatureActivation(ApprovalStore store, AuditTrail audit, JsonMapper json, Duration ttl) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.audit = Objects.requireNonNull(audit, "audit cannot be null");
        this.json = Objects.requireNonNull(json, "json cannot be null");
        this.ttl = Objects.requireNonNull(ttl, "ttl cannot be null");
    }

    /** Issues a SAD for the approved request; the caller hands it to the signer and forgets it. */
    public String issue(ApprovalRequest request) {
        String sad = Secrets.token(32);
        Binding binding = new Binding(request.requestId(), request.credentialId(), request.citizenId(),
                request.hashAlgorithm(), request.documents().stream().map(ApprovalDocument::digestHex).toList());
        store.put(NAMESPACE, Secrets.hash(sad), json.writeValueAsString(binding), ttl);
        return sad;
    }

    /**
     * Consumes the SAD for signing these digests with this credential of this citizen. The SAD is gone
     * after the call whatever its outcome: a mismatch does not leave it usable for a second try.
     *
     * @throws SignetException {@link ProblemType#SAD_INVALID} when unknown, used, expired or bound to
     *                         anything else
     */
    public Binding consume(String sad, String credentialId, String citizenId, String hashAlgorithm, List<byte[]> digests,
            String actor) {
        if (sad == null || sad.isBlank()) {
            throw refused(actor, null, credentialId, "missing");
        }
        String stored = store.take(NAMESPACE, Secrets.hash(sad)).orElse(null);
        if (stored == null) {
            throw refused(actor, null, credentialId, "unknown, used or expired");
        }
        Binding binding = json.readValue(stored, Binding.class);
        if (!binding.credentialId().equals(credentialId)) {
            throw refused(actor, binding.requestId(), credentialId, "bound to another credential");
        }
        if (!binding.citizenId().equals(citizenId)) {
            throw refused(actor, binding.requestId(), credentialId, "bound to another citizen");
        }
        if (!binding.hashAlgorithm().equalsIgnoreCase(hashAlgorithm)) {
            throw refused(actor, binding.requestId(), credentialId, "bound to another hash algorithm");
        }
        List<String> presented = digests.stream().map(HexFormat.of()::formatHex).toList();
        if (!binding.digests().equals(presented)) {
            throw refused(actor, binding.requestId(), credentialId, "bound to other digests");
        }
        return binding;
    }

    private SignetException refused(String actor, String requestId, String credentialId, String reason) {
        audit.record(AuditEvent.of(AuditEventType.SAD_REFUSED, actor).withRequestId(requestId)
                .withCredential(credentialId).with("reason", reason));
        return new SignetException(ProblemType.SAD_INVALID,
                "The signature activation data is not valid for this signature (" + reason + ").");
    }
}
