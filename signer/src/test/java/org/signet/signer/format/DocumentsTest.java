package org.signet.signer.format;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentsTest {

    @Test
    void looksLikePdfWhenHeaderWithinFirstKilobyteThenTrue() {
        assertThat(Documents.looksLikePdf("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(Documents.looksLikePdf(("junk\n%PDF-1.4").getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void looksLikePdfWhenNoHeaderThenFalse() {
        assertThat(Documents.looksLikePdf("<?xml version=\"1.0\"?>".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Documents.looksLikePdf(new byte[] { '%', 'P' })).isFalse();
        assertThat(Documents.looksLikePdf(new byte[0])).isFalse();
    }

    @Test
    void signedNameKeepsTheBaseNameAndDropsPaths() {
        assertThat(Documents.signedName("ket-qua.PDF", "pdf")).isEqualTo("ket-qua-signed.pdf");
        assertThat(Documents.signedName("../../etc/passwd", "pdf")).isEqualTo("passwd-signed.pdf");
        assertThat(Documents.signedName(null, "pdf")).isEqualTo("document-signed.pdf");
        assertThat(Documents.signedName("hồ sơ.pdf", "pdf")).isEqualTo("hồ sơ-signed.pdf");
    }

    @Test
    void stemWhenExtensionThenDropped() {
        assertThat(Documents.stem("dossier.pdf")).isEqualTo("dossier");
        assertThat(Documents.stem(null)).isEqualTo("document");
    }
}
