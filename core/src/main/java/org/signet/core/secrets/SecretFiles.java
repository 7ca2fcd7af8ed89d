package org.signet.core.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates files that hold generated secrets (HMAC keys). The file is created owner-only (0600) in the
 * same call that creates it, so the secret is never readable by others, not even for a moment; on a
 * file system without POSIX permissions it is created with the defaults.
 */
public final class SecretFiles {

    private SecretFiles() {
    }

    /** Creates {@code file} (and its folders) owner-only and writes {@code content}; fails if it exists. */
    public static void createOwnerOnly(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.write(file, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
