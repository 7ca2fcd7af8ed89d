package org.signet.signer.credential;

/** Life of a credential: key generated, then certified, then possibly disabled; deletion removes the row. */
public enum CredentialStatus {
    /** Key pair in the HSM, CSR available, no certificate imported yet: cannot sign. */
    PENDING_CERTIFICATE,
    /** Certified and usable. */
    ACTIVE,
    /** Switched off by an operator: refused for signing (409), can still be deleted. */
    DISABLED
}
