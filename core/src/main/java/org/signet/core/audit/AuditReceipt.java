package org.signet.core.audit;

/**
 * Proof of appending: the record's sequence number and its hash in the log.
 *
 * @param sequence  position of the record in the log (1-based)
 * @param hashHex   hex hash of the record as chained
 */
public record AuditReceipt(long sequence, String hashHex) {
}
