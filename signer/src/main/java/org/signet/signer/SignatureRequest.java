package org.signet.signer;

import java.util.Objects;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;

/**
 * One document to sign with one credential, in one format and level.
 *
 * @param content      the document bytes
 * @param fileName     the client's file name (only used to name the result), may be null
 * @param credentialId the credential to sign with
 * @param format       signature format
 * @param level        baseline level
 * @param actor        who asks (the token's subject), for the audit log
 * @param requestId    id of this request, for the audit log and the client
 */
public record SignatureRequest(byte[] content, String fileName, String credentialId, SignatureFormat format,
        BaselineLevel level, String actor, String requestId) {

    public SignatureRequest {
        Objects.requireNonNull(content, "content cannot be null");
        Objects.requireNonNull(credentialId, "credentialId cannot be null");
        Objects.requireNonNull(format, "format cannot be null");
        Objects.requireNonNull(level, "level cannot be null");
        Objects.requireNonNull(actor, "actor cannot be null");
        Objects.requireNonNull(requestId, "requestId cannot be null");
    }

    DSSDocument toDocument() {
        return new InMemoryDocument(content, fileName);
    }
}
