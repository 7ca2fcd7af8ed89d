package org.signet.signer.citizen;

import java.util.Optional;

import org.signet.approval.CitizenCredentials;
import org.signet.core.problem.SignetException;
import org.signet.signer.credential.Credential;
import org.signet.signer.credential.CredentialKind;
import org.signet.signer.credential.CredentialStore;

/**
 * The approval module's view of the credential store: the owner of an active CITIZEN credential. A
 * citizen credential without owner (the provisioned development key) has nobody who could approve,
 * so it answers empty like any other credential.
 */
public final class StoreCitizenCredentials implements CitizenCredentials {

    private final CredentialStore store;

    public StoreCitizenCredentials(CredentialStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> ownerOf(String credentialId) {
        if (credentialId == null || credentialId.isBlank()) {
            return Optional.empty();
        }
        try {
            Credential credential = store.get(credentialId);
            return credential.kind() == CredentialKind.CITIZEN ? Optional.ofNullable(credential.owner()) : Optional.empty();
        } catch (SignetException e) {
            return Optional.empty();
        }
    }
}
