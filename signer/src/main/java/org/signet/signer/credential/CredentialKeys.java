package org.signet.signer.credential;

import java.util.Optional;

import eu.europa.esig.dss.model.x509.CertificateToken;
import org.bouncycastle.asn1.x500.X500Name;
import org.signet.core.hsm.GeneratedKey;
import org.signet.core.hsm.KeySpec;
import org.signet.core.hsm.TokenKey;

/**
 * Where credential keys live. Today every key is an object in the HSM token
 * ({@link TokenResidentKeys}); the scale path replaces this with keys generated in the HSM and stored
 * outside it wrapped under an HSM-resident key, unwrapped into a session object only to sign. Callers
 * only see labels, public keys, CSRs and signing handles, so that swap does not touch them.
 */
public interface CredentialKeys {

    /** Generates a new non-extractable key pair under this label. */
    GeneratedKey generate(String label, KeySpec spec);

    /** The key pair with this label, certified or not. */
    Optional<GeneratedKey> find(String label);

    /** PEM PKCS#10 request for the key, signed inside the HSM. */
    String certificationRequest(GeneratedKey key, X500Name subject);

    /** Attaches the issued signer certificate to the key. */
    void attachCertificate(GeneratedKey key, CertificateToken certificate);

    /** The certified key, ready to sign digests. */
    Optional<TokenKey> signingKey(String label);

    /** Destroys the key material; the number of objects destroyed. */
    int destroy(String label);
}
