package org.signet.approval;

import java.util.Optional;

/**
 * The CITIZEN credentials the signer's credential store knows: the citizen who approves and the
 * portal client that owns each. A credential that is unknown, not of kind CITIZEN, not usable, or
 * without a citizen answers empty, and no approval can be requested for it.
 */
@FunctionalInterface
public interface CitizenCredentials {

    Optional<CitizenCredential> find(String credentialId);
}
