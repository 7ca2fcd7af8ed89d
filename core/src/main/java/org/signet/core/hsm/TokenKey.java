package org.signet.core.hsm;

import java.util.Objects;

import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.model.x509.CertificateToken;

/**
 * A private key inside the token together with the certificate object stored beside it (same
 * CKA_ID). The handle is only meaningful for the token that produced this value.
 *
 * @param label       CKA_LABEL of the key pair
 * @param idHex       CKA_ID in hex
 * @param algorithm   key algorithm (RSA or ECDSA)
 * @param certificate the certificate stored in the token for this key
 * @param handle      the private key object handle
 */
public record TokenKey(String label, String idHex, EncryptionAlgorithm algorithm, CertificateToken certificate,
        long handle) {

    public TokenKey {
        Objects.requireNonNull(label, "label cannot be null");
        Objects.requireNonNull(algorithm, "algorithm cannot be null");
        Objects.requireNonNull(certificate, "certificate cannot be null");
    }
}
