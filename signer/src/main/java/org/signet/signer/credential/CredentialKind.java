package org.signet.signer.credential;

/**
 * Whose key a credential is, which decides who may use it and how (CSC {@code scal}).
 */
public enum CredentialKind {

    /** A citizen's personal key: every signature needs the citizen's own approval (sole control, SCAL 2). */
    CITIZEN(2),
    /** A civil servant's personal key: used by that officer (SCAL 1 here; approval flow later). */
    OFFICER(1),
    /** The organisation's seal: usable by authorised clients by policy, no per-signature approval (SCAL 1). */
    SEAL(1);

    private final int scal;

    CredentialKind(int scal) {
        this.scal = scal;
    }

    /** CSC signature activation level: 1 = service-controlled, 2 = per-signature activation by the holder. */
    public int scal() {
        return scal;
    }
}
