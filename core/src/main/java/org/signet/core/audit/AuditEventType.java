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
    TIMESTAMP_ISSUED,
    VALIDATION_PERFORMED,
    AUTHENTICATION_FAILED,
    AUTHORIZATION_REFUSED
}
