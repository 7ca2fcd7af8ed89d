package org.signet.signer.pades;

import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.pades.PAdESCommonParameters;
import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.PdfSignatureCache;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.visible.nativedrawer.PdfBoxNativeSignatureDrawerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSS's native PDFBox objects, except that the signature value goes into the prepared PDF with
 * {@link SignatureValueInsertion} instead of DSS's byte-at-a-time copy. Only that step changes: the
 * prepared PDF, its digest and the CMS are DSS's; when DSS kept no prepared PDF (or inserting fails)
 * DSS signs the document from scratch as it would itself.
 */
final class FastInsertionObjectFactory extends PdfBoxNativeObjectFactory {

    @Override
    public PDFSignatureService newPAdESSignatureService() {
        return configure(new InsertingSignatureService());
    }

    private static final class InsertingSignatureService extends PdfBoxSignatureService {

        private static final Logger LOG = LoggerFactory.getLogger(InsertingSignatureService.class);

        InsertingSignatureService() {
            super(PDFServiceMode.SIGNATURE, new PdfBoxNativeSignatureDrawerFactory());
        }

        @Override
        public DSSDocument sign(DSSDocument toSignDocument, byte[] cmsSignedData, PAdESCommonParameters parameters) {
            PdfSignatureCache cache = parameters.getPdfSignatureCache();
            DSSDocument signed = null;
            if (cache.getToBeSignedDocument() != null) {
                try {
                    signed = SignatureValueInsertion.insert(cache.getToBeSignedDocument(), cmsSignedData,
                            resourcesHandlerBuilder);
                }
                catch (RuntimeException ex) {
                    LOG.warn("Cannot insert the signature into the prepared PDF ({}); signing it again", ex.getMessage());
                }
            }
            parameters.reinit();
            if (signed == null) {
                signed = signDocument(toSignDocument, cmsSignedData, parameters);
            }
            signed.setMimeType(MimeTypeEnum.PDF);
            return signed;
        }
    }
}
