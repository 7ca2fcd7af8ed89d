package org.signet.signer.credential;

/**
 * Finds the credential a request may sign with. Behind an interface so that the database-backed
 * store (and later keys wrapped outside the HSM) can replace the token-only one.
 */
public interface CredentialStore {

    /**
     * The credential with this id, usable for document signing.
     *
     * @throws CredentialNotFoundException if there is none, or it is not allowed for documents
     */
    Credential get(String id);
}
