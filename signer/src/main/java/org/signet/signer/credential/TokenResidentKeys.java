package org.signet.signer.credential;

import java.util.Objects;
import java.util.Optional;

import eu.europa.esig.dss.model.x509.CertificateToken;
import org.bouncycastle.asn1.x500.X500Name;
import org.signet.core.hsm.GeneratedKey;
import org.signet.core.hsm.HsmToken;
import org.signet.core.hsm.KeySpec;
import org.signet.core.hsm.TokenKey;
import org.signet.core.pki.CertificationRequests;

/** {@link CredentialKeys} as objects in the HSM token (private key, public key, certificate; same label and id). */
public final class TokenResidentKeys implements CredentialKeys {

    private final HsmToken token;

    public TokenResidentKeys(HsmToken token) {
        this.token = Objects.requireNonNull(token, "token cannot be null");
    }

    @Override
    public GeneratedKey generate(String label, KeySpec spec) {
        return token.generateKeyPair(label, spec);
    }

    @Override
    public Optional<GeneratedKey> find(String label) {
        return token.findGeneratedKey(label);
    }

    @Override
    public String certificationRequest(GeneratedKey key, X500Name subject) {
        return CertificationRequests.toPem(CertificationRequests.create(token, key, subject));
    }

    @Override
    public void attachCertificate(GeneratedKey key, CertificateToken certificate) {
        token.storeCertificate(key, certificate.getEncoded());
    }

    @Override
    public Optional<TokenKey> signingKey(String label) {
        return token.findKey(label);
    }

    @Override
    public int destroy(String label) {
        return token.destroyKey(label);
    }
}
