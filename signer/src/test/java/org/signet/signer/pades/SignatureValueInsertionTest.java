package org.signet.signer.pades;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.PAdESUtils;
import eu.europa.esig.dss.signature.resources.InMemoryResourcesHandlerBuilder;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The block-wise insertion gives byte for byte what DSS's own {@code PAdESUtils.replaceSignature}
 * gives, including placeholders split across blocks, near-misses and the two error cases.
 */
class SignatureValueInsertionTest {

    private static final byte[] CMS = new byte[] { 0x30, (byte) 0x82, 0x0a, (byte) 0xff, 0x00, 0x11, 0x22, 0x33 };

    @Test
    void insertWhenPlaceholderAnywhereThenSameBytesAsDss() {
        Random random = new Random(7);
        String zeros = "0".repeat(2 * CMS.length);
        for (int filler : new int[] { 0, 1, 100, 65_530, 65_535, 65_536, 65_540, 200_000 }) {
            byte[] noise = new byte[filler];
            random.nextBytes(noise);
            for (int i = 0; i < noise.length; i++) {
                if (noise[i] == '<' && random.nextBoolean()) {
                    noise[i] = 'x'; // keep some '<' near-misses, not all
                }
            }
            ByteArrayOutputStream pdf = new ByteArrayOutputStream();
            pdf.writeBytes("%PDF-1.7 <00a> <0000> <>".getBytes(StandardCharsets.US_ASCII));
            pdf.writeBytes(noise);
            pdf.writeBytes(("/Contents <" + zeros + "> /Tail <0>").getBytes(StandardCharsets.US_ASCII));
            pdf.writeBytes(noise);
            pdf.writeBytes("<00\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
            DSSDocument prepared = new InMemoryDocument(pdf.toByteArray());

            byte[] ours = DSSUtils.toByteArray(SignatureValueInsertion.insert(prepared, CMS, new InMemoryResourcesHandlerBuilder()));
            byte[] dss = DSSUtils.toByteArray(PAdESUtils.replaceSignature(prepared, CMS, new InMemoryResourcesHandlerBuilder()));
            assertThat(ours).as("filler %d", filler).isEqualTo(dss);
            assertThat(new String(ours, StandardCharsets.US_ASCII)).contains("/Contents <30820aff00112233>");
        }
    }

    @Test
    void insertWhenNoOrTwoPlaceholdersThenRefusedLikeDss() {
        String zeros = "0".repeat(2 * CMS.length);
        DSSDocument none = new InMemoryDocument("%PDF <0000> no room".getBytes(StandardCharsets.US_ASCII));
        DSSDocument two = new InMemoryDocument(("%PDF <" + zeros + "> <" + zeros + ">").getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> SignatureValueInsertion.insert(none, CMS, new InMemoryResourcesHandlerBuilder()))
                .isInstanceOf(IllegalInputException.class).hasMessageContaining("not found");
        assertThatThrownBy(() -> SignatureValueInsertion.insert(two, CMS, new InMemoryResourcesHandlerBuilder()))
                .isInstanceOf(IllegalInputException.class).hasMessageContaining("more than one");
        assertThatThrownBy(() -> PAdESUtils.replaceSignature(two, CMS, new InMemoryResourcesHandlerBuilder()))
                .isInstanceOf(IllegalInputException.class);
    }

    /** The one difference: DSS drops zeros after a last {@code <} at the very end of a file; they are kept here. */
    @Test
    void copyWhenFileEndsInsideNearMissThenBytesKept() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureValueInsertion.copyInserting(new ByteArrayInputStream("<0000>x<00".getBytes(StandardCharsets.US_ASCII)), out,
                "abcd".getBytes(StandardCharsets.US_ASCII));
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("<abcd>x<00");
    }

    @Test
    void copyWhenLongerZeroRunThenOnlyTheFirstHexLengthReplaced() throws Exception {
        byte[] hex = "abcd".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignatureValueInsertion.copyInserting(new ByteArrayInputStream("x<000000>y".getBytes(StandardCharsets.US_ASCII)), out, hex);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("x<abcd00>y");
    }
}
