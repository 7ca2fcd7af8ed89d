package org.signet.signer.csc;

import java.time.Instant;
import java.util.List;

/**
 * What a SAD authorises: one signHash call, by this caller, with this credential, over exactly these
 * hashes (base64, as the client sent them), until it expires.
 */
public record SadGrant(String credentialId, String subject, String hashAlgorithmOid, List<String> hashes, Instant expiresAt) {

    public SadGrant {
        hashes = hashes.stream().sorted().toList();
    }
}
