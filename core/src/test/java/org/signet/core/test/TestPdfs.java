package org.signet.core.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Builds small real PDFs for tests, with the embedded DejaVu font (no standard-14 font, so PDFBox
 * never scans system fonts) and without object-stream compression, so that the document title is
 * a plain string in the file that tamper tests can find and change.
 */
public final class TestPdfs {

    /** The title every test PDF carries; tamper tests change one of its bytes. */
    public static final String TAMPER_TARGET = "Signet tamper target";

    private TestPdfs() {
    }

    public static byte[] simple(String text) {
        try (PDDocument document = new PDDocument(); InputStream font = TestPdfs.class.getResourceAsStream("/fonts/DejaVuSans.ttf")) {
            document.getDocumentInformation().setTitle(TAMPER_TARGET);
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDType0Font dejaVu = PDType0Font.load(document, font);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(dejaVu, 14);
                content.newLineAtOffset(72, 760);
                content.showText(text);
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out, CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Changes one byte of the document title, which lies inside the signed byte range of any
     * signature added after it; the file still parses.
     */
    public static byte[] tamperTitle(byte[] pdf) {
        byte[] copy = pdf.clone();
        byte[] needle = TAMPER_TARGET.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = indexOf(copy, needle);
        if (at < 0) {
            throw new IllegalArgumentException("The PDF does not contain the tamper target title");
        }
        copy[at] = (byte) (copy[at] == 'S' ? 'Z' : 'S');
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
