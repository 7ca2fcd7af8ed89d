package org.signet.signer;

import eu.europa.esig.dss.model.DSSDocument;

/**
 * The result of signing: the signed document with the media type and file name to answer with.
 */
public record SignedDocument(DSSDocument document, String mediaType, String fileName) {
}
