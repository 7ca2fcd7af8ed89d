package org.signet.signer.csc;

import java.util.Optional;

/** Issued SADs, shared by every replica (database), by the SHA-256 of the SAD. */
public interface SadStore {

    void save(String sadHash, SadGrant grant);

    /** Removes and returns the grant; empty if unknown or already taken by another use. */
    Optional<SadGrant> take(String sadHash);
}
