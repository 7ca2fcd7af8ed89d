package org.signet.verifier.pdf;

import java.io.IOException;
import java.util.List;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.validation.ByteRange;
import eu.europa.esig.dss.pdf.AbstractPdfObjFactory;
import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.PdfCMSRevision;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.modifications.PdfModificationDetection;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModifications;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.visible.nativedrawer.PdfBoxNativeSignatureDrawerFactory;

/**
 * The PDF services DSS's validator uses (PDFBox, as DSS's own service loader picks), with two changes
 * to the PDF modification detection that leave every finding as DSS reports it:
 * <ul>
 * <li>the visual comparison compares pixel buffers directly ({@link RasterPdfDifferencesFinder});</li>
 * <li>when a signature's (or document timestamp's) signed revision is the whole file, byte for byte, the
 *     signed revision and the final document are the same input, so page, visual and object differences
 *     between them are none by definition: DSS would parse the file twice, render every page twice and
 *     compare the renderings and every object to find that. Annotation overlaps, which concern the final
 *     document alone, are still computed. A file with anything appended after the signed revision (an
 *     incremental update, the shadow-attack vector) gets DSS's full analysis.</li>
 * </ul>
 * For a one-signature PDF (a B-B or B-T signature, the common case) that takes about a third off the
 * CPU of a validation and most of its garbage (docs/benchmarks.md, issue 10 round 6).
 */
public final class ValidatingPdfObjFactory extends AbstractPdfObjFactory {

    /** @param visualComparisonPages documents with more pages are not compared visually (DSS's default: 10) */
    public ValidatingPdfObjFactory(int visualComparisonPages) {
        setPdfDifferencesFinder(new RasterPdfDifferencesFinder(visualComparisonPages));
    }

    @Override
    public PDFSignatureService newPAdESSignatureService() {
        return configure(new WholeFileAwareService(PDFServiceMode.SIGNATURE));
    }

    @Override
    public PDFSignatureService newContentTimestampService() {
        return configure(new WholeFileAwareService(PDFServiceMode.CONTENT_TIMESTAMP));
    }

    @Override
    public PDFSignatureService newSignatureTimestampService() {
        return configure(new WholeFileAwareService(PDFServiceMode.SIGNATURE_TIMESTAMP));
    }

    @Override
    public PDFSignatureService newArchiveTimestampService() {
        return configure(new WholeFileAwareService(PDFServiceMode.ARCHIVE_TIMESTAMP));
    }

    /** Whether the revision signed under {@code byteRange} is all of {@code document}'s bytes. */
    static boolean signedRevisionIsWholeFile(DSSDocument document, ByteRange byteRange) {
        if (!(document instanceof InMemoryDocument inMemory) || byteRange == null) {
            return false; // unknown length: DSS's full analysis
        }
        long revisionEnd = (long) byteRange.getSecondPartStart() + byteRange.getSecondPartEnd();
        return byteRange.getFirstPartStart() == 0 && revisionEnd == inMemory.getBytes().length;
    }

    private static final class WholeFileAwareService extends PdfBoxSignatureService {

        WholeFileAwareService(PDFServiceMode mode) {
            super(mode, new PdfBoxNativeSignatureDrawerFactory());
        }

        @Override
        protected void analyzePdfModifications(DSSDocument document, PdfCMSRevision revision,
                PdfDocumentReader finalRevision, char[] password) throws IOException {
            if (!signedRevisionIsWholeFile(document, revision.getByteRange())) {
                super.analyzePdfModifications(document, revision, finalRevision, password);
                return;
            }
            PdfModificationDetection detection = new PdfModificationDetection();
            detection.setAnnotationOverlaps(pdfDifferencesFinder.getAnnotationOverlaps(finalRevision));
            detection.setPageDifferences(List.of());
            detection.setVisualDifferences(List.of());
            detection.setObjectModifications(new PdfObjectModifications());
            revision.setModificationDetection(detection);
        }
    }
}
