package org.signet.verifier.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.verifier.ValidationRequest;
import org.signet.verifier.VerifierProperties;

/**
 * Refuses hostile uploads before DSS parses them: ZIP containers (ASiC) whose entry count, inflated
 * size or compression ratio exceed the caps (ZIP bombs), and XML with a DOCTYPE (XXE, entity
 * expansion). Inflates at most the cap, never the whole bomb; nested archives are not opened.
 */
public final class UploadGuard {

    private static final long RATIO_GRACE_BYTES = 1024 * 1024;
    private static final int XML_SNIFF_BYTES = 64;
    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENTITY = "<!ENTITY".getBytes(StandardCharsets.US_ASCII);

    private final VerifierProperties.Limits limits;

    public UploadGuard(VerifierProperties.Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits cannot be null");
    }

    /** Detached originals accepted per request. */
    public int maxOriginals() {
        return limits.maxOriginals();
    }

    /** Checks a whole request: the signed file, each detached original and their number. */
    public void check(ValidationRequest request) {
        if (request.originals().size() > limits.maxOriginals()) {
            throw new SignetException(ProblemType.BAD_REQUEST, "At most " + limits.maxOriginals()
                    + " detached originals are accepted per request.");
        }
        check(request.content());
        request.originals().forEach(original -> check(original.content()));
    }

    /** Checks one uploaded document (signed file or detached original); throws unsafe-document. */
    public void check(byte[] content) {
        if (isZip(content)) {
            checkZip(content);
        }
        else if (looksLikeXml(content)) {
            checkXml(content);
        }
    }

    private void checkZip(byte[] content) {
        long inflated = 0;
        int entries = 0;
        long ratioCap = Math.max(RATIO_GRACE_BYTES, (long) content.length * limits.maxZipRatio());
        byte[] buffer = new byte[16 * 1024];
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > limits.maxZipEntries()) {
                    throw unsafe("The container holds more than " + limits.maxZipEntries() + " entries.");
                }
                int read;
                while ((read = zip.read(buffer)) > 0) {
                    inflated += read;
                    if (inflated > limits.maxZipBytes()) {
                        throw unsafe("The container inflates beyond " + limits.maxZipBytes() + " bytes.");
                    }
                    if (inflated > ratioCap) {
                        throw unsafe("The container's compression ratio exceeds " + limits.maxZipRatio()
                                + ":1 (a ZIP bomb).");
                    }
                }
            }
        }
        catch (IOException | IllegalArgumentException ex) {
            throw new SignetException(ProblemType.MALFORMED_DOCUMENT, "The container is not a readable ZIP archive.", ex);
        }
    }

    private static void checkXml(byte[] content) {
        if (containsIgnoreCase(content, DOCTYPE) || containsIgnoreCase(content, ENTITY)) {
            throw unsafe("XML with a document type declaration (DOCTYPE/ENTITY) is refused.");
        }
    }

    /** ASCII case-insensitive search, without copying the upload into a String. */
    static boolean containsIgnoreCase(byte[] content, byte[] upperCaseNeedle) {
        outer:
        for (int i = 0; i <= content.length - upperCaseNeedle.length; i++) {
            for (int j = 0; j < upperCaseNeedle.length; j++) {
                byte b = content[i + j];
                if (b >= 'a' && b <= 'z') {
                    b = (byte) (b - 32);
                }
                if (b != upperCaseNeedle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static boolean isZip(byte[] content) {
        return content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
    }

    static boolean looksLikeXml(byte[] content) {
        int i = 0;
        if (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB && (content[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        int end = Math.min(content.length, i + XML_SNIFF_BYTES);
        for (; i < end; i++) {
            byte b = content[i];
            if (b == '<') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    private static SignetException unsafe(String detail) {
        return new SignetException(ProblemType.UNSAFE_DOCUMENT, detail);
    }
}
