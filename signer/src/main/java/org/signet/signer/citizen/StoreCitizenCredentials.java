package org.signet.signer.citizen;

import java.util.Optional;

import org.signet.approval.CitizenCredential;
import org.signet.approval.CitizenCredentials;
import org.signet.core.problem.SignetException;
import org.signet.signer.credential.Credential;
import org.signet.signer.credential.CredentialKind;
import org.signet.signer.credential.CredentialStore;

/**
 * The approval module's view of the credential store: the citizen owning an active CITIZEN
 * credential, and the portal client owning it (tenancy; none: it serves no portal). A citizen
 * credential without owner (the provisioned development key) has nobody who could approve, so it
 * answers empty like any other credential.
 */
public final class StoreCitizenCredentials implements CitizenCredentials {

    private final CredentialStore store;

    public StoreCitizenCredentials(CredentialStore store) {
        this.store = store;
    }

    @Override
    public Optional<CitizenCredential> find(String credentialId) {
        if (credentialId == null || credentialId.isBlank()) {
            return Optional.empty();
        }
        try {
            Credential credential = store.get(credentialId);
            if (credential.kind() != CredentialKind.CITIZEN || credential.owner() == null) {
                return Optional.empty();
            }
            String client = credential.clients().size() == 1 ? credential.clients().iterator().next() : null;
            return Optional.of(new CitizenCredential(credential.id(), credential.owner(),
                    client != null && credential.ownedByClient(client) ? client : null));
        } catch (SignetException e) {
            return Optional.empty();
        }
    }
}
