package org.signet.signer.credential;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.Caller;

/**
 * Who may sign with which credential, for every signing path (document API, batch, CSC):
 * <ul>
 * <li>SEAL: portals and officers (by policy, no per-signature approval) whose client the seal's
 * policy names ({@code signet.signer.tenancy.seal-clients}): a portal never signs with another
 * tenant's seal;</li>
 * <li>OFFICER: only a caller with role {@code officer} whose subject is the credential's owner (an
 * officer credential without owner, such as the provisioned development key, serves any officer);</li>
 * <li>CITIZEN: never here; only through the citizen's own approval (approval module: the portal asks,
 * the citizen approves on the phone, the approved digests are signed there), and only the portal
 * client that owns the credential may ask ({@link Credential#ownedByClient}).</li>
 * </ul>
 */
public final class CredentialPolicy {

    public static final String PORTAL = "portal";
    public static final String OFFICER = "officer";

    private CredentialPolicy() {
    }

    public static void checkUse(Credential credential, Caller caller) {
        switch (credential.kind()) {
            case SEAL -> {
                if (!caller.hasRole(PORTAL) && !caller.hasRole(OFFICER)) {
                    throw forbidden("The seal '" + credential.id() + "' signs for portals and officers only.");
                }
                if (!credential.allowsClient(caller.client())) {
                    throw forbidden("The seal '" + credential.id() + "' does not belong to this client.");
                }
            }
            case OFFICER -> {
                if (!caller.hasRole(OFFICER)
                        || (credential.owner() != null && !credential.owner().equals(caller.subject()))) {
                    throw forbidden("The officer credential '" + credential.id()
                            + "' signs only for its own officer, with an officer token.");
                }
            }
            case CITIZEN -> throw forbidden("The citizen credential '" + credential.id()
                    + "' signs only with the citizen's approval: POST /api/v1/approvals (or CSC credentials/authorize).");
        }
    }

    private static SignetException forbidden(String detail) {
        return new SignetException(ProblemType.CREDENTIAL_FORBIDDEN, detail);
    }
}
