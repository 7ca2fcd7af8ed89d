package org.signet.signer.longterm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import eu.europa.esig.dss.model.DSSDocument;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.SignatureFormat;
import org.signet.signer.format.Documents;

/**
 * Tells which signature format an uploaded signed document is in, from its first bytes (and, for a
 * ZIP, the names of its entries; no entry is decompressed), so the extension API needs no format
 * parameter.
 */
public final class SignedFormats {

    /** Most entries looked at in a ZIP before giving up (an ASiC-E lists its signatures early). */
    private static final int MAX_ZIP_ENTRIES = 10_000;

    private SignedFormats() {
    }

    public static SignatureFormat detect(DSSDocument document) {
        byte[] head = Documents.head(document);
        if (head.length == 0) {
            throw new SignetException(ProblemType.BAD_REQUEST, "The uploaded file is empty.");
        }
        if (Documents.looksLikePdf(head)) {
            return SignatureFormat.PADES;
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return asic(document);
        }
        String text = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        if (text.startsWith("<")) {
            return SignatureFormat.XADES;
        }
        if (text.startsWith("{") || text.startsWith("eyJ")) {
            return SignatureFormat.JADES;
        }
        if ((head[0] & 0xFF) == 0x30) {
            return SignatureFormat.CADES;
        }
        throw new SignetException(ProblemType.UNSUPPORTED_DOCUMENT,
                "The file is not a signed PDF, XML, CMS, JWS or ASiC-E document.");
    }

    private static SignatureFormat asic(DSSDocument document) {
        try (InputStream in = document.openStream(); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            int seen = 0;
            while ((entry = zip.getNextEntry()) != null && seen++ < MAX_ZIP_ENTRIES) {
                String name = entry.getName();
                if (name.startsWith("META-INF/") && name.contains("signatures") && name.endsWith(".xml")) {
                    return SignatureFormat.ASIC_E_XADES;
                }
                if (name.startsWith("META-INF/") && name.contains("signature") && name.endsWith(".p7s")) {
                    return SignatureFormat.ASIC_E_CADES;
                }
            }
        }
        catch (IOException | IllegalArgumentException ex) {
            throw new SignetException(ProblemType.MALFORMED_DOCUMENT, "The ZIP container could not be read.", ex);
        }
        throw new SignetException(ProblemType.NOT_SIGNED, "The ZIP file holds no ASiC-E signature.");
    }

    /** The media type of an extended document of this format. */
    public static String mediaType(SignatureFormat format) {
        return switch (format) {
            case PADES -> "application/pdf";
            case XADES -> "application/xml";
            case CADES -> "application/pkcs7-signature";
            case JADES -> "application/jose+json";
            case ASIC_E_XADES, ASIC_E_CADES -> "application/vnd.etsi.asic-e+zip";
        };
    }
}
