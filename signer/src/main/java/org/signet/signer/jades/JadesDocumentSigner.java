package org.signet.signer.jades;

import java.util.List;

import eu.europa.esig.dss.enumerations.JWSSerializationType;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.jades.JAdESSignatureParameters;
import eu.europa.esig.dss.jades.signature.JAdESService;
import eu.europa.esig.dss.model.DSSDocument;
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
 * JAdES (ETSI TS 119 182-1), enveloping: the document is the JWS payload, in compact serialisation
 * ({@code header.payload.signature}, the default) or JSON serialisation.
 */
public final class JadesDocumentSigner implements FormatSigner {

    private final JAdESService service;
    private final TwoPhaseSigning signing;

    public JadesDocumentSigner(DssContext context, TwoPhaseSigning signing) {
        this.service = context.configure(new JAdESService(context.certificateVerifier()));
        this.signing = signing;
    }

    @Override
    public SignatureFormat format() {
        return SignatureFormat.JADES;
    }

    @Override
    public List<Packaging> packagings() {
        return List.of(Packaging.COMPACT, Packaging.JSON);
    }

    @Override
    public void check(List<DSSDocument> documents, Packaging packaging) {
        // The payload is base64url-encoded as it is; nothing is parsed.
    }

    @Override
    public SignedDocument sign(List<DSSDocument> documents, Credential credential, SigningOptions options) {
        DSSDocument document = documents.get(0);
        JAdESSignatureParameters parameters = new JAdESSignatureParameters();
        TwoPhaseSigning.prepare(parameters, credential, options);
        parameters.setSignaturePackaging(SignaturePackaging.ENVELOPING);
        boolean json = options.packaging() == Packaging.JSON;
        parameters.setJwsSerializationType(json ? JWSSerializationType.JSON_SERIALIZATION
                : JWSSerializationType.COMPACT_SERIALIZATION);
        DSSDocument signed = signing.sign(service, document, parameters, credential);
        String stem = Documents.stem(document.getName());
        return json ? new SignedDocument(signed, "application/jose+json", stem + "-signed.json")
                : new SignedDocument(signed, "application/jose", stem + "-signed.jws");
    }

    /** The result is always JSON serialisation: a compact JWS has no unprotected header for time-stamps. */
    @Override
    public DSSDocument extend(DSSDocument signed, List<DSSDocument> originals, SignatureLevel level) {
        JAdESSignatureParameters parameters = new JAdESSignatureParameters();
        parameters.setSignatureLevel(level);
        parameters.setJwsSerializationType(JWSSerializationType.JSON_SERIALIZATION);
        if (!originals.isEmpty()) {
            parameters.setDetachedContents(originals);
        }
        return TwoPhaseSigning.extend(() -> service.extendDocument(signed, parameters));
    }
}
