package org.signet.signer.format;

import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.signature.AbstractSignatureParameters;
import eu.europa.esig.dss.signature.DocumentSignatureService;
import eu.europa.esig.dss.signature.MultipleDocumentsSignatureService;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import org.signet.core.hsm.HsmToken;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.credential.Credential;

/**
 * DSS's three signing steps with the HSM in the middle, shared by every format: (1) the DSS service
 * computes the data to be signed, (2) the HSM signs its SHA-256 digest (nothing but the digest
 * reaches the token), (3) the service assembles the signed document. A document DSS cannot prepare
 * is the client's problem (422), never a 500.
 */
public final class TwoPhaseSigning {

    /** Digest of the data to be signed; SHA-256 for every format and key type. */
    public static final DigestAlgorithm DIGEST = DigestAlgorithm.SHA256;

    private final HsmToken token;

    public TwoPhaseSigning(HsmToken token) {
        this.token = Objects.requireNonNull(token, "token cannot be null");
    }

    /** Fills what every format's parameters share: level, digest, signer certificate and chain, date. */
    public static void prepare(AbstractSignatureParameters<?> parameters, Credential credential, SigningOptions options) {
        parameters.setSignatureLevel(options.level());
        parameters.setDigestAlgorithm(DIGEST);
        parameters.setSigningCertificate(credential.getCertificate());
        parameters.setCertificateChain(credential.chain());
        parameters.bLevel().setSigningDate(options.signingDate());
    }

    public <P extends AbstractSignatureParameters<?>> DSSDocument sign(DocumentSignatureService<P, ?> service,
            DSSDocument document, P parameters, Credential credential) {
        ToBeSigned dataToSign = dataToSign(() -> service.getDataToSign(document, parameters));
        return service.signDocument(document, parameters, signatureValue(dataToSign, credential));
    }

    public <P extends AbstractSignatureParameters<?>> DSSDocument sign(MultipleDocumentsSignatureService<P, ?> service,
            List<DSSDocument> documents, P parameters, Credential credential) {
        ToBeSigned dataToSign = dataToSign(() -> service.getDataToSign(documents, parameters));
        return service.signDocument(documents, parameters, signatureValue(dataToSign, credential));
    }

    /**
     * Runs a DSS extension (augmentation) step: a document DSS finds no signature in, or cannot parse,
     * is the client's problem (422); Signet problems raised inside (TSA, revocation) pass as they are.
     */
    public static DSSDocument extend(java.util.function.Supplier<DSSDocument> step) {
        try {
            return step.get();
        }
        catch (SignetException ex) {
            throw ex;
        }
        catch (IllegalInputException ex) {
            String message = String.valueOf(ex.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("signature")) {
                throw new SignetException(ProblemType.NOT_SIGNED,
                        "The document has no signature of this format that could be extended.", ex);
            }
            throw new SignetException(ProblemType.MALFORMED_DOCUMENT, "The signed document could not be read.", ex);
        }
        catch (DSSException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException ex) {
            throw new SignetException(ProblemType.MALFORMED_DOCUMENT,
                    "The signed document could not be extended: it is damaged, malformed or its signature is not"
                            + " of a supported kind.", ex);
        }
    }

    private SignatureValue signatureValue(ToBeSigned dataToSign, Credential credential) {
        Digest digest = new Digest(DIGEST, DSSUtils.digest(DIGEST, dataToSign.getBytes()));
        return token.signDigest(credential.key(), digest);
    }

    private static ToBeSigned dataToSign(java.util.function.Supplier<ToBeSigned> step) {
        try {
            return step.get();
        }
        catch (SignetException ex) {
            throw ex;
        }
        catch (DSSException | IllegalInputException | IllegalArgumentException | IllegalStateException
               | UnsupportedOperationException ex) {
            throw new SignetException(ProblemType.MALFORMED_DOCUMENT,
                    "The document could not be prepared for signing: it is damaged, malformed or not of the type"
                            + " this format signs.", ex);
        }
    }
}
