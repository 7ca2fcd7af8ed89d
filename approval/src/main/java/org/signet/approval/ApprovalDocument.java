package org.signet.approval;

import java.util.HexFormat;
import java.util.Objects;

/**
 * One document of a request as the citizen sees it: its name, its size, and the digest of the data to
 * be signed for it (what the citizen's approval is bound to).
 *
 * @param name      file name shown to the citizen
 * @param size      size of the document in bytes (0 when only a hash was submitted)
 * @param digestHex lower-case hex digest of the data to be signed
 */
public record ApprovalDocument(String name, long size, String digestHex) {

    public ApprovalDocument {
        Objects.requireNonNull(name, "name cannot be null");
        Objects.requireNonNull(digestHex, "digestHex cannot be null");
        if (size < 0) {
            throw new IllegalArgumentException("size cannot be negative");
        }
        digestHex = digestHex.toLowerCase(java.util.Locale.ROOT);
        HexFormat.of().parseHex(digestHex);
    }

    public static ApprovalDocument of(String name, long size, byte[] digest) {
        return new ApprovalDocument(name, size, HexFormat.of().formatHex(digest));
    }

    public byte[] digest() {
        return HexFormat.of().parseHex(digestHex);
    }
}
