package org.signet.signer.pades;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import eu.europa.esig.dss.spi.signature.resources.DSSResourcesHandler;
import eu.europa.esig.dss.spi.signature.resources.DSSResourcesHandlerBuilder;

/**
 * Writes the CMS signature into the reserved {@code /Contents <000...0>} of the prepared PDF: the
 * same rule and errors as DSS's {@code PAdESUtils.replaceSignature} (a {@code <} followed by as many
 * zeros as the hex CMS has characters; exactly one such place), but over 64 KB blocks. DSS copies the
 * file one byte at a time through synchronised stream methods, about 20 MB/s: 27 s of the 28 s it
 * took to sign a 500 MB PDF (issue 10). Here the copy runs at disk speed. (One deliberate difference:
 * zeros after a last {@code <} at the very end of the file are kept; DSS drops them. A PDF ends in
 * {@code %%EOF}, so signed PDFs are identical.)
 */
final class SignatureValueInsertion {

    private static final int BLOCK = 64 * 1024;

    private SignatureValueInsertion() {
    }

    static DSSDocument insert(DSSDocument prepared, byte[] cmsSignedData, DSSResourcesHandlerBuilder output) {
        Objects.requireNonNull(prepared, "prepared cannot be null");
        if (cmsSignedData == null || cmsSignedData.length == 0) {
            throw new IllegalArgumentException("cmsSignedData cannot be empty!");
        }
        byte[] hex = HexFormat.of().formatHex(cmsSignedData).getBytes(StandardCharsets.US_ASCII);
        // The order of DSS's own replaceSignature: the document is taken from the handler before it is closed.
        try (DSSResourcesHandler handler = output.createResourcesHandler(); OutputStream out = handler.createOutputStream();
                InputStream in = prepared.openStream()) {
            copyInserting(in, out, hex);
            return handler.writeToDSSDocument();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the signed PDF: " + ex.getMessage(), ex);
        }
    }

    /** Copies {@code in} to {@code out}, replacing the one run of {@code hex.length} zeros after a {@code <}. */
    static void copyInserting(InputStream in, OutputStream out, byte[] hex) throws IOException {
        byte[] block = new byte[BLOCK];
        boolean afterBracket = false;
        int zeros = 0;
        boolean inserted = false;
        for (int n; (n = in.read(block)) > 0;) {
            int from = 0; // start of the bytes of this block not yet written
            for (int i = 0; i < n; i++) {
                byte b = block[i];
                if (afterBracket) {
                    if (b == '0') {
                        zeros++;
                        if (zeros == hex.length) {
                            if (inserted) {
                                throw new IllegalInputException("PDF document contains more than one empty signature!");
                            }
                            out.write(hex);
                            inserted = true;
                            afterBracket = false;
                            zeros = 0;
                            from = i + 1;
                        }
                        continue;
                    }
                    // Not the placeholder: the zeros seen so far are ordinary bytes.
                    writeZeros(out, zeros);
                    afterBracket = false;
                    zeros = 0;
                    from = i;
                }
                if (b == '<') {
                    out.write(block, from, i + 1 - from);
                    from = i + 1;
                    afterBracket = true;
                    zeros = 0;
                }
            }
            if (!afterBracket && from < n) {
                out.write(block, from, n - from);
            }
        }
        if (afterBracket) {
            writeZeros(out, zeros);
        }
        if (!inserted) {
            throw new IllegalInputException("Reserved space to insert a signature was not found!");
        }
    }

    private static void writeZeros(OutputStream out, int count) throws IOException {
        byte[] zeros = new byte[Math.min(count, BLOCK)];
        Arrays.fill(zeros, (byte) '0');
        for (int left = count; left > 0; left -= zeros.length) {
            out.write(zeros, 0, Math.min(zeros.length, left));
        }
    }
}
