package org.signet.signer.cades;

import java.util.List;

import eu.europa.esig.dss.cades.CAdESSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESService;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
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

/** CAdES detached: a DER CMS SignedData ({@code .p7s}) beside any file, which stays untouched. */
public final class CadesDocumentSigner implements FormatSigner {

    private final CAdESService service;
    private final TwoPhaseSigning signing;

    public CadesDocumentSigner(DssContext context, TwoPhaseSigning signing) {
        this.service = context.configure(new CAdESService(context.certificateVerifier()));
        this.signing = signing;
    }

    @Override
    public SignatureFormat format() {
        return SignatureFormat.CADES;
    }

    @Override
    public List<Packaging> packagings() {
        return List.of(Packaging.DETACHED);
    }

    @Override
    public void check(List<DSSDocument> documents, Packaging packaging) {
        // Any bytes can be signed detached; nothing is parsed.
    }

    @Override
    public SignedDocument sign(List<DSSDocument> documents, Credential credential, SigningOptions options) {
        DSSDocument document = documents.get(0);
        CAdESSignatureParameters parameters = new CAdESSignatureParameters();
        TwoPhaseSigning.prepare(parameters, credential, options);
        parameters.setSignaturePackaging(SignaturePackaging.DETACHED);
        DSSDocument signed = signing.sign(service, document, parameters, credential);
        return new SignedDocument(signed, "application/pkcs7-signature", Documents.baseName(document.getName()) + ".p7s");
    }

    @Override
    public DSSDocument extend(DSSDocument signed, List<DSSDocument> originals, SignatureLevel level) {
        CAdESSignatureParameters parameters = new CAdESSignatureParameters();
        parameters.setSignatureLevel(level);
        if (!originals.isEmpty()) {
            parameters.setDetachedContents(originals);
        }
        return TwoPhaseSigning.extend(() -> service.extendDocument(signed, parameters));
    }
}
