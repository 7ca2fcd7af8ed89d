package org.signet.core.secrets;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretFilesTest {

    @Test
    void createOwnerOnlyThenFileIsModeSixHundredWithTheContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets/key");
        SecretFiles.createOwnerOnly(file, new byte[] { 1, 2, 3 });
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void createOwnerOnlyWhenFileExistsThenRefusesAndKeepsIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "old");
        assertThatThrownBy(() -> SecretFiles.createOwnerOnly(file, new byte[] { 9 }))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("old");
    }
}
