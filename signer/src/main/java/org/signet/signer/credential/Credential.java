package org.signet.signer.credential;

import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import org.signet.core.hsm.TokenKey;

/**
 * A usable signing credential: a certified key in the HSM and the certificate chain that names its
 * holder. Implements DSS's {@link DSSPrivateKeyEntry} so it can be handed to DSS signature parameters.
 *
 * @param id    the identifier clients use
 * @param kind  citizen, officer or seal (decides who may use it)
 * @param owner the subject owning a personal credential, null when not bound to one subject
 * @param key   the key inside the token
 * @param chain the signer certificate first, then its CA certificates up to the root
 */
public record Credential(String id, CredentialKind kind, String owner, TokenKey key, List<CertificateToken> chain)
        implements DSSPrivateKeyEntry {

    public Credential {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(key, "key cannot be null");
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.get(0).equals(key.certificate())) {
            throw new IllegalArgumentException("the chain must start with the key's certificate");
        }
    }

    @Override
    public CertificateToken getCertificate() {
        return key.certificate();
    }

    @Override
    public CertificateToken[] getCertificateChain() {
        return chain.toArray(CertificateToken[]::new);
    }

    @Override
    public EncryptionAlgorithm getEncryptionAlgorithm() {
        return key.algorithm();
    }
}
