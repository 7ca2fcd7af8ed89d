package org.signet.signer;

import eu.europa.esig.dss.model.DSSDocument;

/**
 * The result of signing: the signed document with the media type and file name to answer with, and
 * what to do once it has been sent (a large PDF is signed into a temporary file, deleted then).
 *
 * @param document  the signed document (in memory, or file-backed for large PDFs)
 * @param mediaType content type of the answer
 * @param fileName  file name of the answer
 * @param release   frees the document's temporary resources; call once after sending
 */
public record SignedDocument(DSSDocument document, String mediaType, String fileName, Runnable release) {

    public SignedDocument {
        release = release == null ? () -> { } : release;
    }

    public SignedDocument(DSSDocument document, String mediaType, String fileName) {
        this(document, mediaType, fileName, null);
    }
}
