package org.signet.approval;

import java.util.Optional;

/**
 * Which citizen owns a CITIZEN credential: the signer's credential store answers. A credential that
 * is unknown, not of kind CITIZEN, or not usable answers empty, and no approval can be requested for it.
 */
@FunctionalInterface
public interface CitizenCredentials {

    Optional<String> ownerOf(String credentialId);
}
