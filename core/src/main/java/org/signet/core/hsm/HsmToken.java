package org.signet.core.hsm;

import java.util.List;
import java.util.Optional;

import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.SignatureValue;

/**
 * The HSM as Signet uses it: find keys by label, sign digests, report health. Signing always takes
 * a digest computed outside, which is what keeps the DSS two-phase flow (data to sign, sign,
 * assemble) and CSC hash signing on one path.
 */
public interface HsmToken extends AutoCloseable {

    /** Every private key in the token that has a certificate beside it. */
    List<TokenKey> listKeys();

    /** The key with this label, if the token has one with a certificate. */
    Optional<TokenKey> findKey(String label);

    /**
     * Signs a digest with the key. RSA keys give a PKCS#1 v1.5 signature over the DigestInfo;
     * EC keys give a DER-encoded ECDSA signature, which is what DSS expects from a token.
     */
    SignatureValue signDigest(TokenKey key, Digest digest);

    /** What the token says about the key's protection (CKA_SENSITIVE, CKA_EXTRACTABLE, ...). */
    KeyProtection protectionOf(TokenKey key);

    /** A cheap check that the token is present and logged in; throws {@link HsmException} if not. */
    TokenStatus status();

    @Override
    void close();
}
