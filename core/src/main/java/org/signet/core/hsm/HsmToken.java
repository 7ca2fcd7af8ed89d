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

    /**
     * Signs several digests with one key, answering the signatures in the same order. A token may
     * take its place in the module once for the whole batch (CSC signHash with many hashes).
     */
    default List<SignatureValue> signDigests(TokenKey key, List<Digest> digests) {
        List<SignatureValue> values = new java.util.ArrayList<>(digests.size());
        for (Digest digest : digests) {
            values.add(signDigest(key, digest));
        }
        return values;
    }

    /** What the token says about the key's protection (CKA_SENSITIVE, CKA_EXTRACTABLE, ...). */
    KeyProtection protectionOf(TokenKey key);

    /**
     * Generates a signing key pair inside the token: private key CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE,
     * not CKA_EXTRACTABLE, sign only; a fresh random CKA_ID. Refused if the label is taken.
     */
    GeneratedKey generateKeyPair(String label, KeySpec spec);

    /** A key pair with this label, with or without certificate, as {@link GeneratedKey}. */
    Optional<GeneratedKey> findGeneratedKey(String label);

    /** Signs a digest with a generated key that has no certificate yet (for its PKCS#10 request). */
    SignatureValue signDigest(GeneratedKey key, Digest digest);

    /**
     * Stores the issued certificate beside the key (same CKA_ID and label), after which
     * {@link #findKey(String)} returns the key. The caller has checked that the certificate fits.
     */
    void storeCertificate(GeneratedKey key, byte[] certificateDer);

    /** Destroys every object (private key, public key, certificate) with this label; the count destroyed. */
    int destroyKey(String label);

    /**
     * Encrypts a small secret with the token's AES secret key of this label (CKM_AES_GCM, a fresh
     * random 96-bit IV, 128-bit tag), binding it to {@code aad} (the record the secret belongs to).
     * The key is made by provisioning (never by the application) and must be sensitive and never
     * extractable; otherwise {@link HsmException}. Answers IV || ciphertext || tag.
     */
    byte[] encrypt(String secretKeyLabel, byte[] plaintext, byte[] aad);

    /**
     * Reverses {@link #encrypt}. A ciphertext that was changed, or is presented with other {@code aad}
     * (a row copied onto another record), fails with {@link SealedDataException}; an unusable token or
     * a missing key with {@link HsmException}.
     */
    byte[] decrypt(String secretKeyLabel, byte[] sealed, byte[] aad);

    /** What the token says about the secret key of this label; empty when there is none. */
    Optional<KeyProtection> secretKeyProtection(String secretKeyLabel);

    /** A cheap check that the token is present and logged in; throws {@link HsmException} if not. */
    TokenStatus status();

    /**
     * A cheap readiness check: the token answers, a session is logged in, and it holds a private key
     * with this label. No signature is made. Throws {@link HsmException} when the token is unusable.
     */
    default boolean hasKey(String label) {
        status();
        return findKey(label).isPresent();
    }

    @Override
    void close();
}
