package org.signet.audit.checkpoint;

import java.security.cert.X509Certificate;

/** Signs checkpoint statements with the audit key. One method, so the HSM stays behind it. */
public interface CheckpointSigner {

    /** The signature over the statement bytes. */
    Signed sign(byte[] statement);

    /** The certificate auditors verify checkpoints with. */
    X509Certificate certificate();

    /**
     * @param keyLabel  label of the key that signed
     * @param algorithm JCA signature algorithm name
     * @param value     the signature (DER for ECDSA)
     */
    record Signed(String keyLabel, String algorithm, byte[] value) {
    }
}
