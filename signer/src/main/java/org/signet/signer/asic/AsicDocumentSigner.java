package org.signet.signer.asic;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import eu.europa.esig.dss.asic.cades.ASiCWithCAdESSignatureParameters;
import eu.europa.esig.dss.asic.cades.signature.ASiCWithCAdESService;
import eu.europa.esig.dss.asic.xades.ASiCWithXAdESSignatureParameters;
import eu.europa.esig.dss.asic.xades.signature.ASiCWithXAdESService;
import eu.europa.esig.dss.enumerations.ASiCContainerType;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
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
 * ASiC-E: one ZIP container holding every file of a dossier and one signature over all of them,
 * XAdES ({@code META-INF/signatures.xml}) or CAdES ({@code META-INF/signature.p7s} with an ASiC
 * manifest), chosen by the format name.
 */
public final class AsicDocumentSigner implements FormatSigner {

    private static final String MEDIA_TYPE = "application/vnd.etsi.asic-e+zip";

    private final SignatureFormat format;
    private final ASiCWithXAdESService xades;
    private final ASiCWithCAdESService cades;
    private final TwoPhaseSigning signing;

    private AsicDocumentSigner(SignatureFormat format, DssContext context, TwoPhaseSigning signing) {
        this.format = format;
        this.xades = format == SignatureFormat.ASIC_E_XADES
                ? context.configure(new ASiCWithXAdESService(context.certificateVerifier())) : null;
        this.cades = format == SignatureFormat.ASIC_E_CADES
                ? context.configure(new ASiCWithCAdESService(context.certificateVerifier())) : null;
        this.signing = signing;
    }

    public static AsicDocumentSigner withXades(DssContext context, TwoPhaseSigning signing) {
        return new AsicDocumentSigner(SignatureFormat.ASIC_E_XADES, context, signing);
    }

    public static AsicDocumentSigner withCades(DssContext context, TwoPhaseSigning signing) {
        return new AsicDocumentSigner(SignatureFormat.ASIC_E_CADES, context, signing);
    }

    @Override
    public SignatureFormat format() {
        return format;
    }

    @Override
    public List<Packaging> packagings() {
        return List.of(Packaging.DETACHED);
    }

    @Override
    public boolean multiDocument() {
        return true;
    }

    @Override
    public void check(List<DSSDocument> documents, Packaging packaging) {
        Set<String> names = new HashSet<>();
        for (DSSDocument document : documents) {
            if (document.getName() == null || document.getName().isBlank()) {
                throw new SignetException(ProblemType.BAD_REQUEST, "Every file of an ASiC-E container needs a file name.");
            }
            if (!names.add(document.getName())) {
                throw new SignetException(ProblemType.BAD_REQUEST,
                        "Two files are named '" + document.getName() + "'; names in a container must be unique.");
            }
        }
    }

    @Override
    public SignedDocument sign(List<DSSDocument> documents, Credential credential, SigningOptions options) {
        DSSDocument signed;
        if (format == SignatureFormat.ASIC_E_XADES) {
            ASiCWithXAdESSignatureParameters parameters = new ASiCWithXAdESSignatureParameters();
            TwoPhaseSigning.prepare(parameters, credential, options);
            parameters.aSiC().setContainerType(ASiCContainerType.ASiC_E);
            signed = signing.sign(xades, documents, parameters, credential);
        }
        else {
            ASiCWithCAdESSignatureParameters parameters = new ASiCWithCAdESSignatureParameters();
            TwoPhaseSigning.prepare(parameters, credential, options);
            parameters.aSiC().setContainerType(ASiCContainerType.ASiC_E);
            signed = signing.sign(cades, documents, parameters, credential);
        }
        String name = (documents.size() == 1 ? Documents.stem(documents.get(0).getName()) : "dossier") + "-signed.asice";
        return new SignedDocument(signed, MEDIA_TYPE, name);
    }

    @Override
    public DSSDocument extend(DSSDocument signed, List<DSSDocument> originals, SignatureLevel level) {
        if (format == SignatureFormat.ASIC_E_XADES) {
            ASiCWithXAdESSignatureParameters parameters = new ASiCWithXAdESSignatureParameters();
            parameters.setSignatureLevel(level);
            parameters.aSiC().setContainerType(ASiCContainerType.ASiC_E);
            return TwoPhaseSigning.extend(() -> xades.extendDocument(signed, parameters));
        }
        ASiCWithCAdESSignatureParameters parameters = new ASiCWithCAdESSignatureParameters();
        parameters.setSignatureLevel(level);
        parameters.aSiC().setContainerType(ASiCContainerType.ASiC_E);
        return TwoPhaseSigning.extend(() -> cades.extendDocument(signed, parameters));
    }
}
