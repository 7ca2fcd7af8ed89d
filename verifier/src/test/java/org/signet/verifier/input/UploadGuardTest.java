package org.signet.verifier.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.verifier.VerifierProperties;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class UploadGuardTest {

    private final UploadGuard guard = new UploadGuard(new VerifierProperties.Limits(10, 4 * 1024 * 1024, 100, 2));

    @Test
    void checkWhenXmlWithExternalEntityThenUnsafe() {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>";
        assertUnsafe(xxe.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void checkWhenLowerCaseDoctypeAfterBomThenUnsafe() {
        byte[] xml = "\uFEFF <!doctype r [<!entity x 'y'>]><r>&x;</r>".getBytes(StandardCharsets.UTF_8);
        assertUnsafe(xml);
    }

    @Test
    void checkWhenPlainXmlThenAccepted() {
        assertThatCode(() -> guard.check("<?xml version=\"1.0\"?><r/>".getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
    }

    @Test
    void checkWhenTooManyEntriesThenUnsafe() throws IOException {
        assertUnsafe(zip(11, 10));
    }

    @Test
    void checkWhenInflatedBeyondTotalThenUnsafe() throws IOException {
        assertUnsafe(zip(2, 3 * 1024 * 1024));
    }

    @Test
    void checkWhenHighRatioThenUnsafe() throws IOException {
        // 2 MiB of zeros compress about 1000:1
        assertUnsafe(zip(1, 2 * 1024 * 1024));
    }

    @Test
    void checkWhenOrdinaryContainerThenAccepted() throws IOException {
        assertThatCode(() -> guard.check(zip(3, 1000))).doesNotThrowAnyException();
    }

    private void assertUnsafe(byte[] content) {
        assertThatThrownBy(() -> guard.check(content)).isInstanceOfSatisfying(SignetException.class,
                ex -> assertThat(ex.problemType()).isEqualTo(ProblemType.UNSAFE_DOCUMENT));
    }

    private static byte[] zip(int entries, int zerosPerEntry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry("e" + i));
                zip.write(new byte[zerosPerEntry]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
