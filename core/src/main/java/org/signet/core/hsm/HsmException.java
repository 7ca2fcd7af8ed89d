package org.signet.core.hsm;

/**
 * The HSM could not do what was asked: not reachable, not logged in, key missing, operation failed.
 * Messages name the token and key, never PINs; callers answer 503 because the cause is on our side.
 */
public class HsmException extends RuntimeException {

    public HsmException(String message) {
        super(message);
    }

    public HsmException(String message, Throwable cause) {
        super(message, cause);
    }
}
