package org.signet.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random tokens and their stored hashes: the approval module keeps hashes, never the tokens. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A URL-safe random token of {@code bytes} random bytes. */
    public static String token(int bytes) {
        return base64Url(random(bytes));
    }

    public static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    public static String base64Url(byte[] value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    public static byte[] fromBase64Url(String value) {
        return Base64.getUrlDecoder().decode(value);
    }

    /** Hex SHA-256 of a token's UTF-8 bytes: the form in which tokens are stored and looked up. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(VerificationCode.sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Compares two hashes in constant time. */
    public static boolean sameHash(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
