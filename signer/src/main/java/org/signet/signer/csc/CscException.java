package org.signet.signer.csc;

import org.springframework.http.HttpStatus;

/**
 * An error in the CSC API's own shape ({@code {"error": ..., "error_description": ...}}), which CSC
 * clients expect instead of an RFC 9457 problem.
 */
public class CscException extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    public CscException(HttpStatus status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    public static CscException invalidRequest(String description) {
        return new CscException(HttpStatus.BAD_REQUEST, "invalid_request", description);
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }
}
