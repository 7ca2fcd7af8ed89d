package org.signet.verifier.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.signet.core.secrets.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the key that seals cache entries: the environment variable {@code SIGNET_VERIFIER_CACHE_HMAC_KEY}
 * (base64), else the configured file (base64, one line), which is created with a random 256-bit key
 * (mode 0600) on first use. Instances sharing a Redis must share the key. The key is never logged.
 */
public final class CacheHmacKey {

    /** Environment variable that carries the key (base64) and wins over the file. */
    public static final String ENVIRONMENT = "SIGNET_VERIFIER_CACHE_HMAC_KEY";

    private static final Logger log = LoggerFactory.getLogger(CacheHmacKey.class);

    private CacheHmacKey() {
    }

    public static byte[] load(String fromEnvironment, Path file) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Base64.getDecoder().decode(fromEnvironment.trim());
        }
        if (file == null) {
            throw new IllegalStateException("No cache HMAC key: set signet.verifier.cache.hmac-key-file or " + ENVIRONMENT);
        }
        try {
            if (Files.isRegularFile(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            SecretFiles.createOwnerOnly(file,
                    (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
            log.info("Generated a new validation cache HMAC key in {}", file);
            return key;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read or create the cache HMAC key file " + file, ex);
        }
    }
}
