package org.signet.approval;

import java.util.Base64;
import java.util.List;
import java.util.Objects;

import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.problem.SignetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Completes an approved request by signing its digests at once, on the replica that saw the approval:
 * consumes the SAD (atomic, single use, bound to credential, citizen, algorithm and the exact digests),
 * signs in the HSM through the {@link CitizenSigner}, audits {@code SIGNATURE_PRODUCED} and only then
 * stores the signature values ({@code SIGNED}); any failure ends as {@code FAILED}. The SAD never
 * leaves the server. Without a {@link CitizenSigner} (no signer role here) it leaves the request
 * {@code APPROVED}.
 */
public final class HashSigningCompletion implements ApprovalCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(HashSigningCompletion.class);

    private final SignatureActivation activation;
    private final ObjectProvider<CitizenSigner> signer;
    private final ObjectProvider<ApprovalService> approvals;
    private final AuditTrail audit;

    public HashSigningCompletion(SignatureActivation activation, ObjectProvider<CitizenSigner> signer,
            ObjectProvider<ApprovalService> approvals, AuditTrail audit) {
        this.activation = Objects.requireNonNull(activation, "activation cannot be null");
        this.signer = Objects.requireNonNull(signer, "signer cannot be null");
        this.approvals = Objects.requireNonNull(approvals, "approvals cannot be null");
        this.audit = Objects.requireNonNull(audit, "audit cannot be null");
    }

    @Override
    public void approved(ApprovalRequest request, String sad) {
        CitizenSigner citizenSigner = signer.getIfAvailable();
        if (citizenSigner == null) {
            return;
        }
        ApprovalService service = approvals.getObject();
        try {
            activation.consume(sad, request.credentialId(), request.citizenId(), request.hashAlgorithm(),
                    request.digests(), "signer");
            List<byte[]> values = citizenSigner.signDigests(request.credentialId(), request.hashAlgorithm(), request.digests());
            if (values.size() != request.documents().size()) {
                throw new IllegalStateException("signer returned " + values.size() + " values for " + request.documents().size());
            }
            audit.record(AuditEvent.of(AuditEventType.SIGNATURE_PRODUCED, request.citizenId())
                    .withRequestId(request.requestId()).withCredential(request.credentialId())
                    .withDocumentDigest(request.documents().get(0).digestHex()).with("api", "approval")
                    .with("portal", request.portal()).with("hashAlgorithm", request.hashAlgorithm())
                    .with("hashes", String.join(",", request.documents().stream().map(ApprovalDocument::digestHex).toList())));
            service.complete(request.requestId(), values.stream().map(Base64.getEncoder()::encodeToString).toList(), null);
        } catch (SignetException e) {
            service.complete(request.requestId(), null, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Signing approved request {} failed", request.requestId(), e);
            service.complete(request.requestId(), null, "The signature could not be produced.");
        }
    }
}
