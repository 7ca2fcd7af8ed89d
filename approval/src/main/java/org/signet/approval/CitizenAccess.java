package org.signet.approval;

import java.util.Objects;

import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * Tenancy of CITIZEN credentials on every portal path (approval requests, enrolment links, passkey
 * list and revocation): a portal acts only for the credentials its client owns. Checked before
 * anything is created or changed; a refusal is audited ({@code AUTHORIZATION_REFUSED}) and answered
 * 403 {@code credential-forbidden}, like a foreign seal.
 */
public final class CitizenAccess {

    private final CitizenCredentials citizens;
    private final AuditTrail audit;

    public CitizenAccess(CitizenCredentials citizens, AuditTrail audit) {
        this.citizens = Objects.requireNonNull(citizens, "citizens cannot be null");
        this.audit = Objects.requireNonNull(audit, "audit cannot be null");
    }

    /**
     * The credential, if this portal's client owns it.
     *
     * @param action what the portal tried (recorded with a refusal)
     * @throws SignetException 404 {@code credential-not-found} when there is no such citizen
     *                         credential; 403 {@code credential-forbidden} (audited) when another client owns it
     */
    public CitizenCredential require(Portal portal, String credentialId, String action) {
        CitizenCredential credential = citizens.find(credentialId).orElseThrow(() -> new SignetException(
                ProblemType.CREDENTIAL_NOT_FOUND, "No citizen credential '" + credentialId + "' is known."));
        if (!credential.ownedBy(portal.client())) {
            audit.record(AuditEvent.of(AuditEventType.AUTHORIZATION_REFUSED, portal.subject()).withCredential(credentialId)
                    .with("client", portal.client()).with("action", action).with("reason", "citizen credential of another client"));
            throw new SignetException(ProblemType.CREDENTIAL_FORBIDDEN,
                    "The citizen credential '" + credentialId + "' does not belong to this portal's client.");
        }
        return credential;
    }
}
