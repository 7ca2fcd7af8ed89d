package org.signet.approval;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A signing request for a citizen credential, as two replicas must agree on it (kept in the
 * {@link org.signet.approval.store.ApprovalStore}). Holds only a hash of the approval link's secret.
 *
 * @param requestId        random identifier
 * @param credentialId     the CITIZEN credential that would sign
 * @param citizenId        the credential's owner, the only person who may approve
 * @param portal           the requesting client (JWT subject)
 * @param documents        what is signed, one digest per document
 * @param hashAlgorithm    digest algorithm of the documents' digests (e.g. SHA-256)
 * @param verificationCode 4-digit code derived from the digests ({@link VerificationCode})
 * @param status           where the request stands
 * @param createdAt        creation time
 * @param expiresAt        the approval deadline
 * @param linkSecretHash   hex SHA-256 of the secret in the approval link
 * @param reason           why it failed or was refused, may be null
 * @param method           how it was approved (passkey, totp), may be null
 * @param signatures       base64 signature values, one per document in order, once {@code SIGNED}; else null
 * @param callbackUrl      allow-listed URL told of every status change, may be null
 */
public record ApprovalRequest(String requestId, String credentialId, String citizenId, String portal,
        List<ApprovalDocument> documents, String hashAlgorithm, String verificationCode, ApprovalStatus status,
        Instant createdAt, Instant expiresAt, String linkSecretHash, String reason, String method, List<String> signatures,
        String callbackUrl) {

    public ApprovalRequest {
        Objects.requireNonNull(requestId, "requestId cannot be null");
        Objects.requireNonNull(credentialId, "credentialId cannot be null");
        Objects.requireNonNull(citizenId, "citizenId cannot be null");
        Objects.requireNonNull(portal, "portal cannot be null");
        Objects.requireNonNull(hashAlgorithm, "hashAlgorithm cannot be null");
        Objects.requireNonNull(status, "status cannot be null");
        Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
        documents = List.copyOf(documents);
        signatures = signatures == null ? null : List.copyOf(signatures);
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("documents cannot be empty");
        }
    }

    public ApprovalRequest withStatus(ApprovalStatus value, String why, String how) {
        return new ApprovalRequest(requestId, credentialId, citizenId, portal, documents, hashAlgorithm,
                verificationCode, value, createdAt, expiresAt, linkSecretHash, why, how == null ? method : how, signatures,
                callbackUrl);
    }

    /** The signer's outcome: {@code SIGNED} with the signature values, or {@code FAILED} with a reason. */
    public ApprovalRequest withOutcome(ApprovalStatus value, String why, List<String> values) {
        return new ApprovalRequest(requestId, credentialId, citizenId, portal, documents, hashAlgorithm,
                verificationCode, value, createdAt, expiresAt, linkSecretHash, why, method, values, callbackUrl);
    }

    public List<byte[]> digests() {
        return documents.stream().map(ApprovalDocument::digest).toList();
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
