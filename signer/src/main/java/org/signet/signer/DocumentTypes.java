package org.signet.signer;

import java.nio.charset.StandardCharsets;

/** Cheap checks of what an upload is, done before any parser sees it. */
final class DocumentTypes {

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    /** PDF readers accept the header anywhere in the first 1024 bytes; so do we. */
    private static final int PDF_HEADER_WINDOW = 1024;

    private DocumentTypes() {
    }

    static boolean looksLikePdf(byte[] content) {
        int limit = Math.min(content.length, PDF_HEADER_WINDOW) - PDF_MAGIC.length;
        for (int start = 0; start <= limit; start++) {
            if (matchesAt(content, start)) {
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

    /** {@code dossier.pdf} becomes {@code dossier-signed.pdf}; no usable name gives {@code document-signed.pdf}. */
    static String signedName(String original, String extension) {
        String base = original == null ? "" : original.replaceAll(".*[/\\\\]", "");
        base = base.replaceAll("(?i)\\." + extension + "$", "").replaceAll("[^\\p{L}\\p{N}._ -]", "_");
        if (base.isBlank()) {
            base = "document";
        }
        return base + "-signed." + extension;
    }
}
