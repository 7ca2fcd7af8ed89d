package org.signet.signer.xades;

import java.util.List;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.signature.XAdESService;
import eu.europa.esig.dss.xml.utils.DomUtils;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.SignatureFormat;
import org.signet.signer.SignedDocument;
import org.signet.signer.credential.Credential;
import org.signet.signer.format.Documents;
import org.signet.signer.format.DssContext;
import org.signet.signer.format.FormatSigner;
import org.signet.signer.format.Packaging;
import org.signet.signer.format.SigningOptions;
import org.signet.signer.format.TwoPhaseSigning;

/**
 * XAdES for XML dossiers: enveloped (the signature inside the document, the default), enveloping
 * (the document inside the signature) or detached (a separate signature file referencing the
 * document by name). XML is parsed only by DSS's secure parser, which refuses DOCTYPE declarations:
 * no external entities, no entity expansion bombs.
 */
public final class XadesDocumentSigner implements FormatSigner {

    private final XAdESService service;
    private final TwoPhaseSigning signing;

    public XadesDocumentSigner(DssContext context, TwoPhaseSigning signing) {
        this.service = context.configure(new XAdESService(context.certificateVerifier()));
        this.signing = signing;
    }

    @Override
    public SignatureFormat format() {
        return SignatureFormat.XADES;
    }

    @Override
    public List<Packaging> packagings() {
        return List.of(Packaging.ENVELOPED, Packaging.ENVELOPING, Packaging.DETACHED);
    }

    @Override
    public void check(List<DSSDocument> documents, Packaging packaging) {
        DSSDocument document = documents.get(0);
        if (packaging == Packaging.ENVELOPED || looksLikeXml(document)) {
            requireSafeXml(document);
        }
    }

    /**
     * Parses with DSS's hardened parser (DOCTYPE disallowed). A refused DOCTYPE/ENTITY declaration is
     * {@code unsafe-document} (as in the verifier), anything else it cannot parse {@code malformed-document};
     * both 422.
     */
    static void requireSafeXml(DSSDocument document) {
        try {
            DomUtils.buildDOM(document);
        }
        catch (DSSException | IllegalArgumentException ex) {
            String prolog = new String(Documents.head(document), java.nio.charset.StandardCharsets.UTF_8);
            if (prolog.contains("<!DOCTYPE") || prolog.contains("<!ENTITY")) {
                throw new SignetException(ProblemType.UNSAFE_DOCUMENT,
                        "XML with a DOCTYPE or ENTITY declaration is not accepted (external entities, entity expansion).", ex);
            }
            throw new SignetException(ProblemType.MALFORMED_DOCUMENT, "The XML document could not be parsed: it is malformed.", ex);
        }
    }

    private static boolean looksLikeXml(DSSDocument document) {
        String head = new String(Documents.head(document), java.nio.charset.StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1);
        }
        return head.startsWith("<");
    }

    @Override
    public SignedDocument sign(List<DSSDocument> documents, Credential credential, SigningOptions options) {
        DSSDocument document = documents.get(0);
        XAdESSignatureParameters parameters = new XAdESSignatureParameters();
        TwoPhaseSigning.prepare(parameters, credential, options);
        parameters.setSignaturePackaging(switch (options.packaging()) {
            case ENVELOPING -> SignaturePackaging.ENVELOPING;
            case DETACHED -> SignaturePackaging.DETACHED;
            default -> SignaturePackaging.ENVELOPED;
        });
        DSSDocument signed = signing.sign(service, document, parameters, credential);
        String name = options.packaging() == Packaging.DETACHED
                ? Documents.stem(document.getName()) + "-signature.xml"
                : Documents.signedName(document.getName(), "xml");
        return new SignedDocument(signed, "application/xml", name);
    }

    @Override
    public DSSDocument extend(DSSDocument signed, List<DSSDocument> originals, SignatureLevel level) {
        requireSafeXml(signed);
        XAdESSignatureParameters parameters = new XAdESSignatureParameters();
        parameters.setSignatureLevel(level);
        if (!originals.isEmpty()) {
            parameters.setDetachedContents(originals);
        }
        return TwoPhaseSigning.extend(() -> service.extendDocument(signed, parameters));
    }
}
