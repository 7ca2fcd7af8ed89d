package org.signet.signer.pades;

import java.util.Date;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import org.signet.core.hsm.HsmToken;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.credential.Credential;

/**
 * PAdES signing in DSS's three explicit steps: compute the data to be signed, have the HSM sign its
 * digest, and assemble the signed PDF. Keeping the steps apart is what lets the same code serve
 * remote (hash-only) signing and approvals later.
 */
public final class PadesDocumentSigner {

    private static final DigestAlgorithm DIGEST = DigestAlgorithm.SHA256;

    private final PAdESService service;
    private final HsmToken token;

    public PadesDocumentSigner(CertificateVerifier certificateVerifier, HsmToken token) {
        this.service = new PAdESService(Objects.requireNonNull(certificateVerifier, "certificateVerifier cannot be null"));
        this.token = Objects.requireNonNull(token, "token cannot be null");
    }

    /** Signs the PDF with the credential at the given PAdES level and answers the signed PDF. */
    public DSSDocument sign(DSSDocument pdf, Credential credential, SignatureLevel level) {
        PAdESSignatureParameters parameters = parameters(credential, level);
        ToBeSigned dataToSign;
        try {
            dataToSign = service.getDataToSign(pdf, parameters);
        }
        catch (DSSException | IllegalArgumentException | IllegalStateException ex) {
            throw new SignetException(ProblemType.MALFORMED_DOCUMENT,
                    "The PDF could not be prepared for signing: it is damaged or not a PDF this service can sign.", ex);
        }
        Digest digest = new Digest(DIGEST, DSSUtils.digest(DIGEST, dataToSign.getBytes()));
        SignatureValue signatureValue = token.signDigest(credential.key(), digest);
        return service.signDocument(pdf, parameters, signatureValue);
    }

    private static PAdESSignatureParameters parameters(Credential credential, SignatureLevel level) {
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(level);
        parameters.setDigestAlgorithm(DIGEST);
        parameters.setSigningCertificate(credential.getCertificate());
        parameters.setCertificateChain(credential.chain());
        // Fixed once, because the signing time is part of both the data to sign and the assembled CMS.
        parameters.bLevel().setSigningDate(new Date());
        return parameters;
    }
}
