package org.signet.core.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every kind of error Signet answers, with its stable RFC 9457 {@code type} URI and HTTP status.
 * Clients switch on the type, never on the human-readable detail. Documented in docs/api.md.
 */
public enum ProblemType {

    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad request"),
    APPROVAL_NOT_PENDING("approval-not-pending", HttpStatus.CONFLICT, "Request no longer awaits approval"),
    APPROVAL_EXPIRED("approval-expired", HttpStatus.GONE, "Approval expired"),
    APPROVAL_REFUSED("approval-refused", HttpStatus.FORBIDDEN, "Approval refused"),
    APPROVAL_LOCKED("approval-locked", HttpStatus.LOCKED, "Approval method locked"),
    SAD_INVALID("sad-invalid", HttpStatus.FORBIDDEN, "Signature activation data invalid"),
    APPROVAL_STORE_UNAVAILABLE("approval-store-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Approval store unavailable"),
    UNSUPPORTED_DOCUMENT("unsupported-document", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported document type"),
    MALFORMED_DOCUMENT("malformed-document", HttpStatus.UNPROCESSABLE_CONTENT, "Malformed document"),
    UNSAFE_DOCUMENT("unsafe-document", HttpStatus.UNPROCESSABLE_CONTENT, "Unsafe document"),
    UNSUPPORTED_PARAMETER("unsupported-parameter", HttpStatus.BAD_REQUEST, "Unsupported parameter value"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    CREDENTIAL_NOT_FOUND("credential-not-found", HttpStatus.NOT_FOUND, "Credential not found"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    HSM_UNAVAILABLE("hsm-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Signing key unavailable"),
    AUDIT_UNAVAILABLE("audit-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Audit log unavailable"),
    DATABASE_UNAVAILABLE("database-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable"),
    VALIDATION_BUSY("validation-busy", HttpStatus.SERVICE_UNAVAILABLE, "Validation capacity exhausted"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    CREDENTIAL_DISABLED("credential-disabled", HttpStatus.CONFLICT, "Credential not usable"),
    CREDENTIAL_CONFLICT("credential-conflict", HttpStatus.CONFLICT, "Credential state conflict"),
    CREDENTIAL_FORBIDDEN("credential-forbidden", HttpStatus.FORBIDDEN, "Credential not allowed for this caller"),
    CERTIFICATE_REJECTED("certificate-rejected", HttpStatus.UNPROCESSABLE_CONTENT, "Certificate rejected"),
    CREDENTIAL_REVOKED("credential-revoked", HttpStatus.CONFLICT, "Credential certificate revoked"),
    NOT_SIGNED("not-signed", HttpStatus.UNPROCESSABLE_CONTENT, "Document has no signature"),
    TIMESTAMP_UNAVAILABLE("timestamp-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Time-stamping unavailable"),
    REVOCATION_DATA_UNAVAILABLE("revocation-data-unavailable", HttpStatus.UNPROCESSABLE_CONTENT,
            "Revocation data unavailable");

    /** Base of every type URI; a URN so it stays stable whatever host serves Signet. */
    public static final String BASE = "urn:signet:problem:";

    private final URI type;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.type = URI.create(BASE + slug);
        this.status = status;
        this.title = title;
    }

    public URI type() {
        return type;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
