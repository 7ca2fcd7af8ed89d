package org.signet.approval.webauthn;

import java.time.Instant;

/**
 * A citizen's registered passkey (public data only).
 *
 * @param id           Signet's id for the device (used to revoke it)
 * @param citizenId    the owner
 * @param credentialId base64url WebAuthn credential id
 * @param attestedData base64url attested credential data (holds the COSE public key), as webauthn4j encodes it
 * @param signCount    last signature counter seen
 * @param label        the name the citizen gave the device
 * @param createdAt    registration time
 * @param revokedAt    revocation time, null while usable
 */
public record Passkey(String id, String citizenId, String credentialId, String attestedData, long signCount,
        String label, Instant createdAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
