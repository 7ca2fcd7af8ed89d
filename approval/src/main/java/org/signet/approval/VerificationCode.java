package org.signet.approval;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The 4-digit code the portal shows and the approval page repeats, so the citizen can see that the
 * phone asks about the very request the portal made (Smart-ID style): the last two bytes of SHA-256
 * over the concatenated data-to-be-signed digests, as an unsigned integer, mod 10000, zero-padded.
 */
public final class VerificationCode {

    private VerificationCode() {
    }

    public static String of(List<byte[]> digests) {
        MessageDigest sha256 = sha256();
        digests.forEach(sha256::update);
        byte[] hash = sha256.digest();
        int value = ((hash[hash.length - 2] & 0xff) << 8) | (hash[hash.length - 1] & 0xff);
        return String.format("%04d", value % 10000);
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
