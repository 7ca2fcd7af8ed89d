package org.signet.core.audit;

/**
 * Where every component writes what happened. {@link #record} returns only once the record is
 * durable; callers release a signature, timestamp or approval only after it returns. If the log
 * cannot be written it throws {@link AuditUnavailableException} (503), and the caller fails closed.
 */
public interface AuditTrail {

    /** Appends the event durably and answers its position in the log. */
    AuditReceipt record(AuditEvent event);
}
