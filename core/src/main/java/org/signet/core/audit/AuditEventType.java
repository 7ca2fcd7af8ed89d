package org.signet.core.audit;

/** Everything Signet writes to its audit log. Names are stable: auditors query and export by them. */
public enum AuditEventType {
    CREDENTIAL_CREATED,
    CREDENTIAL_DISABLED,
    CREDENTIAL_DELETED,
    CERTIFICATE_IMPORTED,
    ENROLMENT,
    SIGNING_REQUEST_CREATED,
    APPROVAL_GRANTED,
    APPROVAL_REJECTED,
    APPROVAL_EXPIRED,
    SAD_REFUSED,
    SIGNATURE_PRODUCED,
    /** A signing request refused because the credential's certificate is revoked (or on hold). */
    SIGNATURE_REFUSED,
    /** An existing signed document raised to a higher level (T, LT, LTA): time-stamp and/or validation data added. */
    SIGNATURE_EXTENDED,
    TIMESTAMP_ISSUED,
    VALIDATION_PERFORMED,
    AUTHENTICATION_FAILED,
    AUTHORIZATION_REFUSED
}
