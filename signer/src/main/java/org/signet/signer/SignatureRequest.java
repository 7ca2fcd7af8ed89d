package org.signet.signer;

import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.model.DSSDocument;
import org.signet.signer.format.Packaging;
import org.signet.signer.format.VisibleSignature;

/**
 * Documents to sign with one credential, in one format and level: one document for every format,
 * several for an ASiC-E container.
 *
 * @param documents    the documents, each named by the client's file name (may be file-backed)
 * @param credentialId the credential to sign with
 * @param format       signature format
 * @param level        baseline level
 * @param packaging    packaging, null for the format's default
 * @param reason       reason for signing (PAdES), may be null
 * @param location     place of signing (PAdES), may be null
 * @param visible      visible appearance (PAdES), null for invisible
 * @param dossier      dossier facts for the audit log, never null ({@link DossierMetadata#NONE})
 * @param caller       who asks (subject for the audit log, roles for the credential policy)
 * @param requestId    id of this request, for the audit log and the client
 */
public record SignatureRequest(List<DSSDocument> documents, String credentialId, SignatureFormat format,
        BaselineLevel level, Packaging packaging, String reason, String location, VisibleSignature visible,
        DossierMetadata dossier, Caller caller, String requestId) {

    public SignatureRequest {
        documents = List.copyOf(Objects.requireNonNull(documents, "documents cannot be null"));
        Objects.requireNonNull(credentialId, "credentialId cannot be null");
        Objects.requireNonNull(format, "format cannot be null");
        Objects.requireNonNull(level, "level cannot be null");
        Objects.requireNonNull(caller, "caller cannot be null");
        Objects.requireNonNull(requestId, "requestId cannot be null");
        dossier = dossier == null ? DossierMetadata.NONE : dossier;
    }

    /** One document, format defaults, no appearance, no dossier facts. */
    public static SignatureRequest of(DSSDocument document, String credentialId, SignatureFormat format, Caller caller,
            String requestId) {
        return new SignatureRequest(List.of(document), credentialId, format, BaselineLevel.B_B, null, null, null, null,
                DossierMetadata.NONE, caller, requestId);
    }

    /** The caller's subject, as the audit log names the actor. */
    public String actor() {
        return caller.subject();
    }

    /** The same request for other documents (a batch item). */
    public SignatureRequest withDocuments(List<DSSDocument> others, String itemRequestId) {
        return new SignatureRequest(others, credentialId, format, level, packaging, reason, location, visible, dossier,
                caller, itemRequestId);
    }
}
