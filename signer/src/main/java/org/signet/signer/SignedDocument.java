package org.signet.signer;

import eu.europa.esig.dss.model.DSSDocument;

/**
 * The result of signing: the signed document with the media type and file name to answer with, and
 * what to do once it has been sent (a large PDF is signed into a temporary file, deleted then).
 *
 * @param document    the signed document (in memory, or file-backed for large PDFs)
 * @param mediaType   content type of the answer
 * @param fileName    file name of the answer
 * @param release     frees the document's temporary resources; call once after sending
 * @param inputDigest SHA-256 of the one signed input when the signer already computed it on its single
 *                    pass over the input (PAdES), else null; saves the audit record another pass over a large file
 */
public record SignedDocument(DSSDocument document, String mediaType, String fileName, Runnable release,
        byte[] inputDigest) {

    public SignedDocument {
        release = release == null ? () -> { } : release;
        inputDigest = inputDigest == null ? null : inputDigest.clone();
    }

    public SignedDocument(DSSDocument document, String mediaType, String fileName, Runnable release) {
        this(document, mediaType, fileName, release, null);
    }

    public SignedDocument(DSSDocument document, String mediaType, String fileName) {
        this(document, mediaType, fileName, null, null);
    }

    @Override
    public byte[] inputDigest() {
        return inputDigest == null ? null : inputDigest.clone();
    }
}
