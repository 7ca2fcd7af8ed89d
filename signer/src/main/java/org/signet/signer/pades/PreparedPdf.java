package org.signet.signer.pades;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.model.CommonDocument;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSMessageDigest;

/**
 * The PDF prepared for signing, kept as what it is: the untouched original followed by the small
 * incremental update (signature dictionary, widget, xref, trailer) whose {@code /Contents <00...0>}
 * awaits the CMS. Nothing of the original is copied; the SHA-256 state after the original's bytes is
 * kept, so the data-to-be-signed digest, the input digest and the signed PDF's digest all come from
 * the one pass over the original that computed the first.
 */
final class PreparedPdf extends CommonDocument {

    private final DSSDocument original;
    private final byte[] increment;
    private final int contentsOffset;
    private final int contentsLength;
    private final MessageDigest afterOriginal;
    private final DSSMessageDigest dataToSignDigest;

    /**
     * @param original         the document as uploaded (its bytes are the first part of the PDF)
     * @param increment        the incremental update, placeholder included (zeros between {@code <} and {@code >})
     * @param contentsOffset   index of the placeholder's {@code <} in {@code increment}
     * @param contentsLength   length of the placeholder, {@code <} and {@code >} included
     * @param afterOriginal    SHA-256 over exactly the original's bytes (not finished; cloned before use)
     * @param dataToSignDigest SHA-256 over the /ByteRange: the original and the increment without the placeholder
     */
    PreparedPdf(DSSDocument original, byte[] increment, int contentsOffset, int contentsLength, MessageDigest afterOriginal,
            DSSMessageDigest dataToSignDigest) {
        this.original = Objects.requireNonNull(original, "original cannot be null");
        this.increment = increment;
        this.contentsOffset = contentsOffset;
        this.contentsLength = contentsLength;
        this.afterOriginal = afterOriginal;
        this.dataToSignDigest = dataToSignDigest;
        this.mimeType = MimeTypeEnum.PDF;
    }

    DSSMessageDigest dataToSignDigest() {
        return dataToSignDigest;
    }

    /** Whether the CMS, hex-encoded, fits between {@code <} and {@code >}. */
    boolean fits(byte[] cmsSignedData) {
        return cmsSignedData.length > 0 && 2L * cmsSignedData.length <= contentsLength - 2;
    }

    /**
     * The signed PDF: the CMS in lower-case hex right after the {@code <}, the rest of the reserved
     * zeros kept (what DSS's {@code replaceSignature} and {@link SignatureValueInsertion} produce).
     */
    SignedPdf sign(byte[] cmsSignedData) {
        if (!fits(cmsSignedData)) {
            throw new IllegalArgumentException("The CMS does not fit the reserved /Contents");
        }
        byte[] hex = HexFormat.of().formatHex(cmsSignedData).getBytes(StandardCharsets.US_ASCII);
        byte[] signed = Arrays.copyOf(increment, increment.length);
        System.arraycopy(hex, 0, signed, contentsOffset + 1, hex.length);
        MessageDigest input = clone(afterOriginal);
        MessageDigest output = clone(afterOriginal);
        output.update(signed);
        return new SignedPdf(original, signed, input.digest(), output.digest());
    }

    @Override
    public InputStream openStream() {
        return new SequenceInputStream(original.openStream(), new ByteArrayInputStream(increment));
    }

    static MessageDigest clone(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        }
        catch (CloneNotSupportedException ex) {
            throw new IllegalStateException("SHA-256 cannot be cloned in this JVM", ex);
        }
    }
}
