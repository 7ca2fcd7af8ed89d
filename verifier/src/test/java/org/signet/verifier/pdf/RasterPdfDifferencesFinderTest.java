package org.signet.verifier.pdf;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pdf.ServiceLoaderPdfObjFactory;
import eu.europa.esig.dss.pdf.modifications.DefaultPdfDifferencesFinder;
import eu.europa.esig.dss.pdf.modifications.PdfDifferencesFinder;
import eu.europa.esig.dss.pdf.visible.ImageUtils;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import org.junit.jupiter.api.Test;
import org.signet.verifier.VerifierProperties;
import org.signet.verifier.trust.TrustConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The raster comparison must give DSS's verdicts: the same pages reported as visually changed on the
 * corpus PDF whose pages were changed visibly after signing, and the same pixel verdicts as DSS's own
 * comparison on constructed images. (Every corpus PDF, through the whole validation: {@link
 * ValidatingPdfObjFactoryTest}.)
 */
class RasterPdfDifferencesFinderTest {

    private static final Path PADES = Path.of("src/test/resources/corpus/pades");
    private static final CertificateVerifier OFFLINE = TrustConfiguration.certificateVerifier(
            VerifierProperties.of(List.of(), List.of()));

    @Test
    void visualDifferencesWhenPageChangedAfterSigningThenReported() throws IOException {
        byte[] pdf = Files.readAllBytes(PADES.resolve("dss-2236-annotation-and-visible-change.pdf"));

        Map<String, List<BigInteger>> pages = visualDifferences(pdf, new RasterPdfDifferencesFinder(10));

        // the first signature's revision was changed visibly on page 1 afterwards (what the check is for)
        assertThat(pages.values()).anySatisfy(p -> assertThat(p).isNotEmpty());
        assertThat(pages).isEqualTo(visualDifferences(pdf, new DefaultPdfDifferencesFinder()));
    }

    @Test
    void visualDifferencesWhenMorePagesThanLimitThenNotCompared() throws IOException {
        byte[] pdf = Files.readAllBytes(PADES.resolve("dss-2236-annotation-and-visible-change.pdf"));

        assertThat(visualDifferences(pdf, new RasterPdfDifferencesFinder(0)).values()).allSatisfy(p -> assertThat(p).isEmpty());
    }

    @Test
    void constructorWhenNegativeLimitThenRefused() {
        assertThatThrownBy(() -> new RasterPdfDifferencesFinder(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void samePixelsWhenIdenticalRenderingsThenEqual() {
        BufferedImage a = drawn(BufferedImage.TYPE_INT_RGB, Color.BLACK);
        BufferedImage b = drawn(BufferedImage.TYPE_INT_RGB, Color.BLACK);

        assertThat(RasterPdfDifferencesFinder.samePixels(a, b)).isTrue().isEqualTo(ImageUtils.imagesEqual(a, b));
    }

    @Test
    void samePixelsWhenOnePixelDiffersThenDifferent() {
        BufferedImage a = drawn(BufferedImage.TYPE_INT_RGB, Color.BLACK);
        BufferedImage b = drawn(BufferedImage.TYPE_INT_RGB, Color.BLACK);
        b.setRGB(599, 799, 0x000001);

        assertThat(RasterPdfDifferencesFinder.samePixels(a, b)).isFalse().isEqualTo(ImageUtils.imagesEqual(a, b));
    }

    @Test
    void samePixelsWhenOnlyAlphaDiffersThenEqualAsDss() {
        BufferedImage a = drawn(BufferedImage.TYPE_INT_ARGB, Color.BLUE);
        BufferedImage b = drawn(BufferedImage.TYPE_INT_ARGB, Color.BLUE);
        b.setRGB(10, 10, (a.getRGB(10, 10) & 0x00FFFFFF) | 0x10000000);

        assertThat(RasterPdfDifferencesFinder.samePixels(a, b)).isTrue().isEqualTo(ImageUtils.imagesEqual(a, b));
    }

    @Test
    void samePixelsWhenSizesDifferThenDifferent() {
        BufferedImage a = new BufferedImage(600, 800, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(600, 801, BufferedImage.TYPE_INT_RGB);

        assertThat(RasterPdfDifferencesFinder.samePixels(a, b)).isFalse().isEqualTo(ImageUtils.imagesEqual(a, b));
    }

    @Test
    void samePixelsWhenNotPackedRgbThenDssComparisonDecides() {
        BufferedImage a = drawn(BufferedImage.TYPE_3BYTE_BGR, Color.RED);
        BufferedImage b = drawn(BufferedImage.TYPE_3BYTE_BGR, Color.RED);
        BufferedImage c = drawn(BufferedImage.TYPE_3BYTE_BGR, Color.RED);
        c.setRGB(0, 0, 0x123456);

        assertThat(RasterPdfDifferencesFinder.samePixels(a, b)).isTrue();
        assertThat(RasterPdfDifferencesFinder.samePixels(a, c)).isFalse();
        assertThat(RasterPdfDifferencesFinder.samePixels(a.getSubimage(0, 0, 10, 10), c.getSubimage(0, 0, 10, 10)))
                .isFalse();
        assertThat(RasterPdfDifferencesFinder.samePixels(a.getSubimage(1, 1, 10, 10), c.getSubimage(1, 1, 10, 10)))
                .isTrue();
    }

    /** Per signature id, the pages DSS's diagnostic data lists as visually changed, with this finder. */
    private static Map<String, List<BigInteger>> visualDifferences(byte[] pdf, PdfDifferencesFinder finder) {
        ServiceLoaderPdfObjFactory factory = new ServiceLoaderPdfObjFactory();
        factory.setPdfDifferencesFinder(finder);
        PDFDocumentValidator validator = new PDFDocumentValidator(new InMemoryDocument(pdf, "test.pdf"));
        validator.setCertificateVerifier(OFFLINE);
        validator.setPdfObjFactory(factory);
        Map<String, List<BigInteger>> pages = new LinkedHashMap<>();
        for (SignatureWrapper signature : validator.validateDocument().getDiagnosticData().getSignatures()) {
            pages.put(signature.getId(), List.copyOf(signature.getPdfVisualDifferenceConcernedPages()));
        }
        return pages;
    }

    private static BufferedImage drawn(int type, Color ink) {
        BufferedImage image = new BufferedImage(600, 800, type);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 600, 800);
            g.setColor(ink);
            g.drawString("Signet", 40, 60);
            g.fillOval(100, 100, 200, 120);
        }
        finally {
            g.dispose();
        }
        return image;
    }
}
