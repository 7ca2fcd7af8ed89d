package org.signet.signer;

import java.util.Objects;

import eu.europa.esig.dss.model.DSSDocument;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.credential.Credential;
import org.signet.signer.credential.CredentialStore;
import org.signet.signer.pades.PadesDocumentSigner;

/**
 * Signs one document for the document API: checks that the bytes fit the requested format,
 * resolves the credential and hands over to the format's signer.
 */
public final class SigningService {

    private final CredentialStore credentials;
    private final PadesDocumentSigner padesSigner;

    public SigningService(CredentialStore credentials, PadesDocumentSigner padesSigner) {
        this.credentials = Objects.requireNonNull(credentials, "credentials cannot be null");
        this.padesSigner = Objects.requireNonNull(padesSigner, "padesSigner cannot be null");
    }

    public SignedDocument sign(SignatureRequest request) {
        byte[] content = request.content();
        if (content.length == 0) {
            throw new SignetException(ProblemType.BAD_REQUEST, "The uploaded file is empty.");
        }
        Credential credential = credentials.get(request.credentialId());
        return switch (request.format()) {
            case PADES -> {
                if (!DocumentTypes.looksLikePdf(content)) {
                    throw new SignetException(ProblemType.UNSUPPORTED_DOCUMENT,
                            "PAdES signing needs a PDF document; the uploaded file is not a PDF.");
                }
                DSSDocument signed = padesSigner.sign(request.toDocument(), credential, request.level().forFormat(request.format()));
                yield new SignedDocument(signed, "application/pdf", DocumentTypes.signedName(request.fileName(), "pdf"));
            }
        };
    }
}
