package org.signet.signer.pades;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.model.CommonDocument;
import eu.europa.esig.dss.model.DSSDocument;

/**
 * A signed PDF as the original followed by the signed incremental update. The original is not
 * copied: it is read once more only when the answer is written. Its SHA-256 and that of the
 * original are known without reading either again (see {@link PreparedPdf}), so the audit record
 * costs no pass over the file. The original must stay readable until the answer is written (the
 * upload's temporary file is deleted after the response, as before).
 */
final class SignedPdf extends CommonDocument {

    private static final int BLOCK = 256 * 1024;

    private final DSSDocument original;
    private final byte[] signedIncrement;
    private final byte[] inputDigest;

    SignedPdf(DSSDocument original, byte[] signedIncrement, byte[] inputDigest, byte[] outputDigest) {
        this.original = Objects.requireNonNull(original, "original cannot be null");
        this.signedIncrement = signedIncrement;
        this.inputDigest = inputDigest;
        this.digestMap.put(DigestAlgorithm.SHA256, outputDigest);
        this.mimeType = MimeTypeEnum.PDF;
    }

    /** SHA-256 of the original document (the input of the signature). */
    byte[] inputDigest() {
        return inputDigest.clone();
    }

    @Override
    public InputStream openStream() {
        return new SequenceInputStream(original.openStream(), new ByteArrayInputStream(signedIncrement));
    }

    @Override
    public void writeTo(OutputStream stream) throws IOException {
        byte[] buffer = new byte[BLOCK];
        try (InputStream in = original.openStream()) {
            for (int n; (n = in.read(buffer)) > 0;) {
                stream.write(buffer, 0, n);
            }
        }
        stream.write(signedIncrement);
    }
}
