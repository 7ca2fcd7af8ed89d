package org.signet.signer.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import eu.europa.esig.dss.model.DSSDocument;

/** Cheap looks at an upload (its first bytes) and result names, before any parser sees it. */
public final class Documents {

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    /** PDF readers accept the header anywhere in the first 1024 bytes; so do we. */
    private static final int HEAD = 1024;

    private Documents() {
    }

    /** The first (at most) 1 KiB of the document, read without loading the rest. */
    public static byte[] head(DSSDocument document) {
        try (InputStream in = document.openStream()) {
            return in.readNBytes(HEAD);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static boolean isEmpty(DSSDocument document) {
        return head(document).length == 0;
    }

    public static boolean looksLikePdf(DSSDocument document) {
        return looksLikePdf(head(document));
    }

    public static boolean looksLikePdf(byte[] head) {
        int limit = Math.min(head.length, HEAD) - PDF_MAGIC.length;
        for (int start = 0; start <= limit; start++) {
            if (matchesAt(head, start)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(byte[] content, int start) {
        for (int i = 0; i < PDF_MAGIC.length; i++) {
            if (content[start + i] != PDF_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The client's file name without directories, or {@code document} when it gave none. */
    public static String baseName(String original) {
        String base = original == null ? "" : original.replaceAll(".*[/\\\\]", "").replaceAll("[^\\p{L}\\p{N}._ -]", "_");
        return base.isBlank() ? "document" : base;
    }

    /** {@code dossier.pdf} becomes {@code dossier-signed.pdf}; no usable name gives {@code document-signed.pdf}. */
    public static String signedName(String original, String extension) {
        String base = baseName(original).replaceAll("(?i)\\." + extension + "$", "");
        if (base.isBlank()) {
            base = "document";
        }
        return base + "-signed." + extension;
    }

    /** {@code dossier.pdf} becomes {@code dossier} (for container names). */
    public static String stem(String original) {
        String base = baseName(original);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
