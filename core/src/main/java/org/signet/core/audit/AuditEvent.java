package org.signet.core.audit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One thing that happened, as the caller knows it; the audit log adds time, sequence, instance and
 * the hash chain. Never put a PIN, OTP, SAD, token or document content in an event.
 *
 * @param type           what happened
 * @param actor          who did it (JWT subject, citizen id, "system")
 * @param requestId      the request it belongs to, may be null
 * @param credentialId   the credential involved, may be null
 * @param documentDigest hex SHA-256 of the document or data concerned, may be null
 * @param attributes     further facts (format, level, verdict, serial, reason, ...), sorted by key
 */
public record AuditEvent(AuditEventType type, String actor, String requestId, String credentialId,
        String documentDigest, Map<String, String> attributes) {

    public AuditEvent {
        Objects.requireNonNull(type, "type cannot be null");
        Objects.requireNonNull(actor, "actor cannot be null");
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public static AuditEvent of(AuditEventType type, String actor) {
        return new AuditEvent(type, actor, null, null, null, Map.of());
    }

    public AuditEvent withRequestId(String value) {
        return new AuditEvent(type, actor, value, credentialId, documentDigest, attributes);
    }

    public AuditEvent withCredential(String value) {
        return new AuditEvent(type, actor, requestId, value, documentDigest, attributes);
    }

    public AuditEvent withDocumentDigest(String value) {
        return new AuditEvent(type, actor, requestId, credentialId, value, attributes);
    }

    public AuditEvent with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(attributes);
        copy.put(key, value);
        return new AuditEvent(type, actor, requestId, credentialId, documentDigest, copy);
    }
}
