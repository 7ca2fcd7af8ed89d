package org.signet.core.hsm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The user PIN of the token, held as characters so it can be wiped after login. Its
 * {@link #toString()} never reveals the value, and failures to read it name the file, not the PIN.
 */
public final class TokenPin implements AutoCloseable {

    private final char[] value;

    private TokenPin(char[] value) {
        this.value = value;
    }

    /** Reads the PIN from the configured value or, if none, from the configured file. */
    public static TokenPin from(HsmProperties properties) {
        if (properties.userPin() != null && !properties.userPin().isEmpty()) {
            return new TokenPin(properties.userPin().toCharArray());
        }
        Path file = properties.userPinFile();
        if (file == null) {
            throw new HsmException("No HSM user PIN configured: set signet.hsm.user-pin-file or SIGNET_HSM_USER_PIN");
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new HsmException("The HSM user PIN file is empty: " + file);
            }
            return new TokenPin(text.toCharArray());
        }
        catch (IOException ex) {
            throw new HsmException("Cannot read the HSM user PIN file " + file + " (" + ex.getClass().getSimpleName() + ")");
        }
    }

    /** A copy of the PIN for one login call; the caller wipes it. */
    char[] copy() {
        return value.clone();
    }

    @Override
    public void close() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return "TokenPin[<redacted>]";
    }
}
