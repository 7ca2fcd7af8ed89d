package org.signet.signer.credential;

import java.time.Instant;
import java.util.Objects;

import org.signet.core.hsm.KeySpec;

/**
 * The stored metadata of a credential (never key material).
 *
 * @param id          the identifier clients use
 * @param kind        citizen, officer or seal
 * @param owner       the subject (JWT {@code sub}) who owns a personal credential; null for a seal, or
 *                    for a provisioned officer key usable by any officer
 * @param ownerClient for a CITIZEN credential: the portal client (token {@code azp}, else
 *                    {@code client_id}, else {@code sub}) that owns it; null for other kinds, and for
 *                    a citizen credential that serves no portal (or whose client comes from
 *                    {@code signet.signer.tenancy.citizen-clients})
 * @param keyLabel    label of the key objects in the key store
 * @param keySpec     key type
 * @param status      lifecycle state
 * @param chainPem    certificate chain in PEM, signer certificate first; null until imported
 * @param subjectDn   the subject requested in the CSR (RFC 4514 string)
 * @param description free text for operators, may be null
 * @param createdAt   creation time
 * @param updatedAt   last change
 */
public record CredentialRecord(String id, CredentialKind kind, String owner, String ownerClient, String keyLabel, KeySpec keySpec,
        CredentialStatus status, String chainPem, String subjectDn, String description, Instant createdAt, Instant updatedAt) {

    public CredentialRecord {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(keyLabel, "keyLabel cannot be null");
        Objects.requireNonNull(keySpec, "keySpec cannot be null");
        Objects.requireNonNull(status, "status cannot be null");
    }

    public CredentialRecord withStatus(CredentialStatus value, Instant now) {
        return new CredentialRecord(id, kind, owner, ownerClient, keyLabel, keySpec, value, chainPem, subjectDn, description, createdAt, now);
    }

    public CredentialRecord withChain(String pem, Instant now) {
        return new CredentialRecord(id, kind, owner, ownerClient, keyLabel, keySpec, CredentialStatus.ACTIVE, pem, subjectDn, description, createdAt, now);
    }
}
