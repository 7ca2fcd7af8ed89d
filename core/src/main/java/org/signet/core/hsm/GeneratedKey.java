package org.signet.core.hsm;

import java.util.Objects;

import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A key pair just generated inside the token, before any certificate exists for it: enough to build
 * a PKCS#10 request (public key, and signing through the token) and to attach the issued certificate.
 *
 * @param label         CKA_LABEL of the key pair
 * @param idHex         CKA_ID in hex (unique in the token)
 * @param spec          what was generated
 * @param publicKeyInfo the public key as X.509 SubjectPublicKeyInfo
 * @param privateHandle the private key object handle (only meaningful for the token that made it)
 */
public record GeneratedKey(String label, String idHex, KeySpec spec, SubjectPublicKeyInfo publicKeyInfo,
        long privateHandle) {

    public GeneratedKey {
        Objects.requireNonNull(label, "label cannot be null");
        Objects.requireNonNull(idHex, "idHex cannot be null");
        Objects.requireNonNull(spec, "spec cannot be null");
        Objects.requireNonNull(publicKeyInfo, "publicKeyInfo cannot be null");
    }

    public EncryptionAlgorithm algorithm() {
        return spec.algorithm();
    }
}
