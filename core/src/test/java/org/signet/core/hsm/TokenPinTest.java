package org.signet.core.hsm;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenPinTest {

    @Test
    void fromWhenPinFileThenReadsItAndNeverPrintsIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pin"), "s3cret-PIN\n");
        HsmProperties properties = new HsmProperties("lib.so", "signet", file, null, 1);
        try (TokenPin pin = TokenPin.from(properties)) {
            assertThat(new String(pin.copy())).isEqualTo("s3cret-PIN");
            assertThat(pin.toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void fromWhenPinValueSetThenItWinsOverTheFile(@TempDir Path dir) {
        HsmProperties properties = new HsmProperties("lib.so", "signet", dir.resolve("absent"), "from-env", 1);
        try (TokenPin pin = TokenPin.from(properties)) {
            assertThat(new String(pin.copy())).isEqualTo("from-env");
        }
        assertThat(properties.toString()).doesNotContain("from-env").contains("<redacted>");
    }

    @Test
    void fromWhenFileMissingThenNamesTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing-pin");
        assertThatThrownBy(() -> TokenPin.from(new HsmProperties("lib.so", "signet", missing, null, 1)))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void fromWhenNothingConfiguredThenFails() {
        assertThatThrownBy(() -> TokenPin.from(new HsmProperties("lib.so", "signet", null, "", 1)))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining("No HSM user PIN configured");
    }
}
