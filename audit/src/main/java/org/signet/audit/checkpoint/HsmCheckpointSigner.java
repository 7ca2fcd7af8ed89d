package org.signet.audit.checkpoint;

import java.security.cert.X509Certificate;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.spi.DSSUtils;
import org.signet.core.hsm.HsmException;
import org.signet.core.hsm.HsmToken;
import org.signet.core.hsm.TokenKey;

/**
 * Signs checkpoints with the HSM's audit key ({@code audit}, EC P-256): SHA-256 of the statement is
 * computed here and signed inside the token, like every other Signet signature.
 */
public final class HsmCheckpointSigner implements CheckpointSigner {

    private final HsmToken token;
    private final String keyLabel;

    public HsmCheckpointSigner(HsmToken token, String keyLabel) {
        this.token = Objects.requireNonNull(token, "token cannot be null");
        this.keyLabel = Objects.requireNonNull(keyLabel, "keyLabel cannot be null");
    }

    @Override
    public Signed sign(byte[] statement) {
        TokenKey key = key();
        Digest digest = new Digest(DigestAlgorithm.SHA256, DSSUtils.digest(DigestAlgorithm.SHA256, statement));
        byte[] value = token.signDigest(key, digest).getValue();
        String algorithm = key.algorithm() == EncryptionAlgorithm.RSA ? "SHA256withRSA" : "SHA256withECDSA";
        return new Signed(keyLabel, algorithm, value);
    }

    @Override
    public X509Certificate certificate() {
        return key().certificate().getCertificate();
    }

    private TokenKey key() {
        return token.findKey(keyLabel).orElseThrow(() -> new HsmException(
                "The HSM has no key labelled '" + keyLabel + "' with a certificate to sign audit checkpoints"));
    }
}
