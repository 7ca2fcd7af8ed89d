package org.signet.audit;

import java.util.Map;

import org.signet.core.audit.AuditEventType;

/**
 * One stored audit record: the event, where and when it was recorded, and its place in the chain.
 *
 * @param seq            1-based position in the log
 * @param recordedAt     ISO-8601 instant (microsecond precision) at which it was appended
 * @param instanceId     the service instance that appended it
 * @param type           what happened
 * @param actor          who did it
 * @param requestId      request id, may be null
 * @param credentialId   credential id, may be null
 * @param documentDigest hex digest of the document concerned, may be null
 * @param attributes     further facts, sorted by key
 * @param prevHash       hex hash of the previous record (64 zeros for the first)
 * @param hash           hex hash of this record
 */
public record AuditRecord(long seq, String recordedAt, String instanceId, AuditEventType type, String actor,
        String requestId, String credentialId, String documentDigest, Map<String, String> attributes,
        String prevHash, String hash) {
}
