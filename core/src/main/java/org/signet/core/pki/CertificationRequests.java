package org.signet.core.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.spi.DSSUtils;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.signet.core.hsm.GeneratedKey;
import org.signet.core.hsm.HsmToken;

/**
 * PKCS#10 requests for keys in the HSM, built by Bouncy Castle; only the signature comes from the
 * token ({@link HsmToken#signDigest(GeneratedKey, Digest)}), so the private key never leaves it and
 * no ASN.1 is written by hand.
 */
public final class CertificationRequests {

    private CertificationRequests() {
    }

    /** A SHA-256 PKCS#10 request for the key with the given subject, signed inside the token. */
    public static PKCS10CertificationRequest create(HsmToken token, GeneratedKey key, X500Name subject) {
        return new PKCS10CertificationRequestBuilder(subject, key.publicKeyInfo()).build(new TokenContentSigner(token, key));
    }

    /** A Bouncy Castle ContentSigner that hashes what BC writes and has the token sign the hash. */
    private static final class TokenContentSigner implements ContentSigner {

        private final HsmToken token;
        private final GeneratedKey key;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        TokenContentSigner(HsmToken token, GeneratedKey key) {
            this.token = token;
            this.key = key;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            String name = key.algorithm() == EncryptionAlgorithm.RSA ? "SHA256withRSA" : "SHA256withECDSA";
            return new DefaultSignatureAlgorithmIdentifierFinder().find(name);
        }

        @Override
        public OutputStream getOutputStream() {
            return buffer;
        }

        @Override
        public byte[] getSignature() {
            byte[] digest = DSSUtils.digest(DigestAlgorithm.SHA256, buffer.toByteArray());
            return token.signDigest(key, new Digest(DigestAlgorithm.SHA256, digest)).getValue();
        }
    }

    /** PEM text of a request, as dev-ca.sh and every CA accept it. */
    public static String toPem(PKCS10CertificationRequest request) {
        try {
            java.io.StringWriter out = new java.io.StringWriter();
            try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
                writer.writeObject(request);
            }
            return out.toString();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
