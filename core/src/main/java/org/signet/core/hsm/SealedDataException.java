package org.signet.core.hsm;

/**
 * Data encrypted under a token secret key did not open: it was changed, truncated, or presented
 * for another record than the one it was sealed for (its associated data differs). Not an HSM
 * failure (that is {@link HsmException}, answered 503): the caller refuses what the data was for.
 */
public class SealedDataException extends RuntimeException {

    public SealedDataException(String message) {
        super(message);
    }
}
