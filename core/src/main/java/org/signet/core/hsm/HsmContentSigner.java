package org.signet.core.hsm;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.spi.DSSUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A Bouncy Castle {@link ContentSigner} whose private key stays in the HSM: BC builds the structure
 * (CMS signed attributes, a CSR, an RFC 3161 token), this class hashes what BC wants signed and has
 * the token sign the digest. One instance per signature; not thread-safe, like every ContentSigner.
 */
public final class HsmContentSigner implements ContentSigner {

    private final HsmToken token;
    private final TokenKey key;
    private final DigestAlgorithm digestAlgorithm;
    private final AlgorithmIdentifier algorithmIdentifier;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    public HsmContentSigner(HsmToken token, TokenKey key, DigestAlgorithm digestAlgorithm) {
        this.token = Objects.requireNonNull(token, "token cannot be null");
        this.key = Objects.requireNonNull(key, "key cannot be null");
        this.digestAlgorithm = Objects.requireNonNull(digestAlgorithm, "digestAlgorithm cannot be null");
        String jcaName = digestAlgorithm.getName().replace("-", "") + "with"
                + (key.algorithm() == EncryptionAlgorithm.RSA ? "RSA" : "ECDSA");
        this.algorithmIdentifier = new DefaultSignatureAlgorithmIdentifierFinder().find(jcaName);
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithmIdentifier;
    }

    @Override
    public OutputStream getOutputStream() {
        return data;
    }

    @Override
    public byte[] getSignature() {
        byte[] digest = DSSUtils.digest(digestAlgorithm, data.toByteArray());
        // Emptied for the next signature: a generator holding this signer may be reused (one thread at a time).
        data.reset();
        return token.signDigest(key, new Digest(digestAlgorithm, digest)).getValue();
    }
}
