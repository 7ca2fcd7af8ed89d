package org.signet.verifier.pdf;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import eu.europa.esig.dss.pdf.modifications.PdfModification;
import eu.europa.esig.dss.pdf.PdfAnnotation;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.modifications.CommonPdfModification;
import eu.europa.esig.dss.pdf.modifications.DefaultPdfDifferencesFinder;
import eu.europa.esig.dss.pdf.visible.ImageUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSS's shadow-attack check (render every page of the signed revision and of the final document, report
 * the pages whose pixels differ) with the same verdicts, but comparing the two renderings' packed RGB
 * pixel buffers directly instead of through one colour-model {@code getRGB} call per pixel. Profiled under load, DSS's
 * per-pixel loop was a quarter of the CPU of validating a one-page signed PDF (docs/benchmarks.md,
 * issue 10 round 6). Pages, annotation handling and the page limit are DSS's; only the pixel
 * comparison is faster, and it falls back to DSS's own for images that are not packed RGB.
 */
public final class RasterPdfDifferencesFinder extends DefaultPdfDifferencesFinder {

    private static final Logger log = LoggerFactory.getLogger(RasterPdfDifferencesFinder.class);
    private static final int RGB = 0x00FF_FFFF;

    private final int maximumPages;

    /** @param maximumPages documents with more pages than this are not compared visually (DSS's default is 10) */
    public RasterPdfDifferencesFinder(int maximumPages) {
        if (maximumPages < 0) {
            throw new IllegalArgumentException("maximumPages must be >= 0");
        }
        this.maximumPages = maximumPages;
    }

    @Override
    public List<PdfModification> getVisualDifferences(PdfDocumentReader signedRevision, PdfDocumentReader finalRevision) {
        int pages = finalRevision.getNumberOfPages();
        if (pages > maximumPages) {
            log.debug("{} pages, over the visual comparison limit of {}: not compared", pages, maximumPages);
            return List.of();
        }
        List<PdfModification> differences = new ArrayList<>();
        int common = Math.min(signedRevision.getNumberOfPages(), pages);
        for (int page = 1; page <= common; page++) {
            try {
                BufferedImage signed = signedRevision.generateImageScreenshot(page);
                List<PdfAnnotation> added = addedAnnotations(signedRevision.getPdfAnnotations(page),
                        finalRevision.getPdfAnnotations(page));
                BufferedImage current = finalRevision.generateImageScreenshotWithoutAnnotations(page, added);
                if (!samePixels(signed, current)) {
                    log.warn("Page {} of the final document looks different from the signed revision", page);
                    differences.add(new CommonPdfModification(page));
                }
            }
            catch (IOException ex) {
                log.warn("Page {} could not be compared visually: {}", page, ex.getClass().getSimpleName());
            }
        }
        return differences;
    }

    /** Annotations of the final revision that the signed revision does not have (DSS leaves them out of the rendering). */
    private static List<PdfAnnotation> addedAnnotations(List<PdfAnnotation> signed, List<PdfAnnotation> current) {
        List<PdfAnnotation> added = new ArrayList<>();
        for (PdfAnnotation annotation : current) {
            if (!signed.contains(annotation)) {
                added.add(annotation);
            }
        }
        return added;
    }

    /**
     * Whether both images have the same size and the same red, green and blue in every pixel (alpha is
     * ignored, as DSS ignores it).
     */
    static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        if (!packedRgb(a) || !packedRgb(b)) {
            return ImageUtils.imagesEqual(a, b);
        }
        int[] left = ((DataBufferInt) a.getRaster().getDataBuffer()).getData();
        int[] right = ((DataBufferInt) b.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < left.length; i++) {
            if (((left[i] ^ right[i]) & RGB) != 0) {
                return false;
            }
        }
        return true;
    }

    /** One int per pixel, red-green-blue in the low 24 bits, the whole buffer being the image. */
    private static boolean packedRgb(BufferedImage image) {
        int type = image.getType();
        return (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && image.getRaster().getDataBuffer() instanceof DataBufferInt data
                && data.getNumBanks() == 1
                && data.getOffset() == 0
                && data.getData().length == image.getWidth() * image.getHeight()
                && image.getSampleModel() instanceof SinglePixelPackedSampleModel packed
                && packed.getScanlineStride() == image.getWidth()
                && image.getRaster().getParent() == null;
    }
}
