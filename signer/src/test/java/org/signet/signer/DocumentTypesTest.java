package org.signet.signer;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentTypesTest {

    @Test
    void looksLikePdfWhenHeaderWithinFirstKilobyteThenTrue() {
        assertThat(DocumentTypes.looksLikePdf("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(DocumentTypes.looksLikePdf(("junk\n%PDF-1.4").getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void looksLikePdfWhenNoHeaderThenFalse() {
        assertThat(DocumentTypes.looksLikePdf("<?xml version=\"1.0\"?>".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(DocumentTypes.looksLikePdf(new byte[] { '%', 'P' })).isFalse();
        assertThat(DocumentTypes.looksLikePdf(new byte[0])).isFalse();
    }

    @Test
    void signedNameKeepsTheBaseNameAndDropsPaths() {
        assertThat(DocumentTypes.signedName("ket-qua.PDF", "pdf")).isEqualTo("ket-qua-signed.pdf");
        assertThat(DocumentTypes.signedName("../../etc/passwd", "pdf")).isEqualTo("passwd-signed.pdf");
        assertThat(DocumentTypes.signedName(null, "pdf")).isEqualTo("document-signed.pdf");
        assertThat(DocumentTypes.signedName("hồ sơ.pdf", "pdf")).isEqualTo("hồ sơ-signed.pdf");
    }
}
