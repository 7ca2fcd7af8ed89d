package org.signet.signer.pades;

import java.io.IOException;

import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadView;

/**
 * The original PDF for PDFBox's incremental writer when its SHA-256 is already known (it was
 * computed while the upload was written): the writer in external-signing mode needs only the
 * original's length to place the update and compute the /ByteRange, and its data to be signed is
 * then only the update, because this source serves no bytes. The hash is continued from the known
 * state instead, so the original is not read at all while signing.
 */
final class HashedOriginalSource implements RandomAccessRead {

    private final long length;
    private boolean closed;

    HashedOriginalSource(long length) {
        this.length = length;
    }

    @Override
    public int read() {
        return -1;
    }

    @Override
    public int read(byte[] b, int offset, int len) {
        return -1;
    }

    @Override
    public long getPosition() {
        return length;
    }

    @Override
    public void seek(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IOException("Invalid position " + newPosition);
        }
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Always at the end: the data to be signed starts with the update. */
    @Override
    public boolean isEOF() {
        return true;
    }

    @Override
    public RandomAccessReadView createView(long startPosition, long streamLength) {
        throw new UnsupportedOperationException("the original's bytes are not served");
    }

    @Override
    public void close() {
        closed = true;
    }
}
