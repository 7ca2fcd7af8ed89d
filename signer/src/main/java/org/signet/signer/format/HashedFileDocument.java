package org.signet.signer.format;

import java.io.File;
import java.security.MessageDigest;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.FileDocument;

/**
 * A file whose SHA-256 was computed while it was written (a raw request body streamed to disk), so
 * nothing has to read it again just to hash it: DSS's digest cache is filled with the value, and the
 * hash state itself is kept for the PAdES one-pass signer, which continues it over the signed update
 * instead of re-reading the original. The file must not change after construction (it is the
 * request's own temporary file).
 */
public final class HashedFileDocument extends FileDocument {

    private final MessageDigest sha256;

    /**
     * @param sha256 the SHA-256 state after exactly the file's bytes, not finished; copied
     */
    public HashedFileDocument(File file, String name, MessageDigest sha256) {
        super(file);
        Objects.requireNonNull(sha256, "sha256 cannot be null");
        if (!"SHA-256".equals(sha256.getAlgorithm())) {
            throw new IllegalArgumentException("a SHA-256 state is required, not " + sha256.getAlgorithm());
        }
        this.sha256 = copy(sha256);
        setName(name);
        digestMap.put(DigestAlgorithm.SHA256, copy(sha256).digest());
    }

    /** A copy of the SHA-256 state after the whole file, to be continued by the caller. */
    public MessageDigest sha256State() {
        return copy(sha256);
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        }
        catch (CloneNotSupportedException ex) {
            throw new IllegalStateException("the SHA-256 provider cannot copy a digest state", ex);
        }
    }
}
