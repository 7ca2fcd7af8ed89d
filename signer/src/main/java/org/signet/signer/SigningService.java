package org.signet.signer;

import java.util.Objects;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.spi.DSSUtils;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.credential.Credential;
import org.signet.signer.credential.CredentialStore;
import org.signet.signer.pades.PadesDocumentSigner;

/**
 * Signs one document for the document API: checks that the bytes fit the requested format,
 * resolves the credential, hands over to the format's signer, and releases the result only after
 * its audit record is committed (fail closed: no record, no signature).
 */
public final class SigningService {

    private final CredentialStore credentials;
    private final PadesDocumentSigner padesSigner;
    private final AuditTrail auditTrail;

    public SigningService(CredentialStore credentials, PadesDocumentSigner padesSigner, AuditTrail auditTrail) {
        this.credentials = Objects.requireNonNull(credentials, "credentials cannot be null");
        this.padesSigner = Objects.requireNonNull(padesSigner, "padesSigner cannot be null");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail cannot be null");
    }

    public SignedDocument sign(SignatureRequest request) {
        SignedDocument signed = signUnaudited(request);
        auditTrail.record(AuditEvent.of(AuditEventType.SIGNATURE_PRODUCED, request.actor())
                .withRequestId(request.requestId())
                .withCredential(request.credentialId())
                .withDocumentDigest(hex(DSSUtils.digest(DigestAlgorithm.SHA256, signed.document())))
                .with("format", request.format().apiName())
                .with("level", request.level().apiName())
                .with("inputDigest", hex(DSSUtils.digest(DigestAlgorithm.SHA256, request.content()))));
        return signed;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private SignedDocument signUnaudited(SignatureRequest request) {
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
