package org.signet.approval;

import java.util.List;

/**
 * Signs digests with a CITIZEN credential's key in the HSM: the signer module answers. Called only by
 * {@link HashSigningCompletion}, after the citizen's SAD for exactly these digests was consumed.
 */
@FunctionalInterface
public interface CitizenSigner {

    /** One signature value per digest, in order (RSA PKCS#1 v1.5 over the DigestInfo, or DER ECDSA). */
    List<byte[]> signDigests(String credentialId, String hashAlgorithm, List<byte[]> digests);
}
