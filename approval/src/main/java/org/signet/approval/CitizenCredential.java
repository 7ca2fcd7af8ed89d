package org.signet.approval;

import java.util.Objects;

/**
 * A CITIZEN credential as the approval module sees it: who approves its use, and which portal
 * client owns it.
 *
 * @param id          the credential id
 * @param citizen     the citizen (token subject) who owns the key and approves each use
 * @param ownerClient the portal client that may ask for approvals, enrolments and passkeys of this
 *                    credential; null: no portal may (fail closed)
 */
public record CitizenCredential(String id, String citizen, String ownerClient) {

    public CitizenCredential {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(citizen, "citizen cannot be null");
    }

    /** Whether this portal client owns the credential (exact match; nobody when there is no owner). */
    public boolean ownedBy(String client) {
        return ownerClient != null && !ownerClient.isBlank() && ownerClient.equals(client);
    }
}
