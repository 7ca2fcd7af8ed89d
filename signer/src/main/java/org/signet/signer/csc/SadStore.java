package org.signet.signer.csc;

import java.util.Optional;

/**
 * Issued SADs by the SHA-256 of the SAD: in memory for one instance, in Redis shared by every
 * replica ({@code signet.signer.sad.store}). Short-lived and single-use, so an atomic take matters
 * and durability does not: a SAD lost with its store only makes the client authorise again.
 */
public interface SadStore {

    void save(String sadHash, SadGrant grant);

    /** Removes and returns the grant; empty if unknown or already taken by another use. */
    Optional<SadGrant> take(String sadHash);
}
