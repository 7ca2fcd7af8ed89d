package org.signet.core.test;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a valid one-page PDF of about the requested size straight to disk (a filler stream object
 * carries the bulk), so large-file signing can be tested without building the PDF in memory.
 */
public final class LargePdfs {

    private LargePdfs() {
    }

    public static Path write(Path file, long approximateBytes) {
        try (OutputStream raw = Files.newOutputStream(file); CountingOutputStream out = new CountingOutputStream(
                new BufferedOutputStream(raw, 1 << 16))) {
            List<Long> offsets = new ArrayList<>();
            ascii(out, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
            offsets.add(out.count);
            ascii(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
            offsets.add(out.count);
            ascii(out, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
            offsets.add(out.count);
            ascii(out, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n");
            byte[] content = "BT /F1 12 Tf 72 770 Td (Large dossier) Tj ET".getBytes(StandardCharsets.US_ASCII);
            offsets.add(out.count);
            ascii(out, "4 0 obj\n<< /Length " + content.length + " >>\nstream\n");
            out.write(content);
            ascii(out, "\nendstream\nendobj\n");
            offsets.add(out.count);
            ascii(out, "5 0 obj\n<< /Length " + approximateBytes + " >>\nstream\n");
            byte[] chunk = new byte[1 << 16];
            new Random(42).nextBytes(chunk);
            for (long left = approximateBytes; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            ascii(out, "\nendstream\nendobj\n");
            long xref = out.count;
            StringBuilder table = new StringBuilder("xref\n0 6\n0000000000 65535 f \n");
            for (long offset : offsets) {
                table.append(String.format("%010d 00000 n \n", offset));
            }
            table.append("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
            ascii(out, table.toString());
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void ascii(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {

        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
