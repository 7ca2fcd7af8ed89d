package org.signet.signer.pades;

import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;

/**
 * DSS's native PDFBox objects, except that PAdES signatures are prepared and completed by
 * {@link OnePassSignatureService}: the original is hashed once and never copied (B-B, B-T), and where
 * DSS's own preparation is still used the signature value goes in with {@link SignatureValueInsertion}
 * instead of DSS's byte-at-a-time copy. The prepared PDF's content, its digest and the CMS are DSS's.
 */
final class FastInsertionObjectFactory extends PdfBoxNativeObjectFactory {

    @Override
    public PDFSignatureService newPAdESSignatureService() {
        return configure(new OnePassSignatureService());
    }
}
