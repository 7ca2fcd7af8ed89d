package org.signet.signer.pades;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadView;

/**
 * The original PDF as PDFBox's incremental writer sees it: only its length and, when the data to be
 * signed is read, its bytes. Reads go straight from the file into the caller's array at any length
 * (PDFBox's own {@code RandomAccessReadBufferedFile} reads 4 KB pages, one system call each), and
 * nothing is cached, so a 500 MB original is read once, at disk-cache speed.
 */
final class OriginalPdfSource implements RandomAccessRead {

    private final FileChannel channel;
    private final long length;
    private long position;
    private boolean closed;

    private OriginalPdfSource(FileChannel channel) throws IOException {
        this.channel = channel;
        this.length = channel.size();
    }

    static OriginalPdfSource open(Path file) throws IOException {
        return new OriginalPdfSource(FileChannel.open(file, StandardOpenOption.READ));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int offset, int len) throws IOException {
        checkOpen();
        if (position >= length) {
            return -1;
        }
        int wanted = (int) Math.min(len, length - position);
        ByteBuffer target = ByteBuffer.wrap(b, offset, wanted);
        while (target.hasRemaining()) {
            if (channel.read(target, position + target.position() - offset) < 0) {
                throw new EOFException("the original PDF became shorter while it was being signed");
            }
        }
        position += wanted;
        return wanted;
    }

    @Override
    public long getPosition() {
        return position;
    }

    @Override
    public void seek(long newPosition) throws IOException {
        checkOpen();
        if (newPosition < 0) {
            throw new IOException("Invalid position " + newPosition);
        }
        position = Math.min(newPosition, length);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isEOF() {
        return position >= length;
    }

    @Override
    public RandomAccessReadView createView(long startPosition, long streamLength) {
        throw new UnsupportedOperationException("the incremental writer reads the original sequentially");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the original PDF source is closed");
        }
    }
}
