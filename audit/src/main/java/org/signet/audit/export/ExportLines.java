package org.signet.audit.export;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import org.signet.audit.AuditRecord;
import org.signet.audit.checkpoint.AuditCheckpoint;
import org.signet.core.audit.AuditEventType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lines of an export file (JSON lines, {@code signet-audit-export/v1}): one header, the
 * records in log order, then the checkpoints that cover them. Each line says what it is in
 * {@code kind}. Records carry exactly the fields their hash covers, plus the hash.
 */
public final class ExportLines {

    /** Format name in the header line. */
    public static final String FORMAT = "signet-audit-export/v1";

    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * The header.
     *
     * @param from       first sequence number exported
     * @param to         last sequence number exported
     * @param prevHash   hash that record {@code from} chains to
     * @param exportedAt when the export was made
     */
    public record Header(long from, long to, String prevHash, String exportedAt) {
    }

    public String header(Header header) {
        ObjectNode node = json.createObjectNode();
        node.put("kind", "header");
        node.put("format", FORMAT);
        node.put("from", header.from());
        node.put("to", header.to());
        node.put("prevHash", header.prevHash());
        node.put("exportedAt", header.exportedAt());
        return json.writeValueAsString(node);
    }

    public String record(AuditRecord record) {
        return json.writeValueAsString(recordNode(record));
    }

    /** A record as JSON, as the export and the API show it. */
    public ObjectNode recordNode(AuditRecord record) {
        ObjectNode node = json.createObjectNode();
        node.put("kind", "record");
        node.put("seq", record.seq());
        node.put("recordedAt", record.recordedAt());
        node.put("instanceId", record.instanceId());
        node.put("type", record.type().name());
        node.put("actor", record.actor());
        node.put("requestId", record.requestId());
        node.put("credentialId", record.credentialId());
        node.put("documentDigest", record.documentDigest());
        ObjectNode attributes = node.putObject("attributes");
        new TreeMap<>(record.attributes()).forEach(attributes::put);
        node.put("prevHash", record.prevHash());
        node.put("hash", record.hash());
        return node;
    }

    /**
     * A record line straight from a database row, without interpreting it: a row tampered with so
     * that it no longer parses (unknown event type, broken attributes) is exported as it is, and the
     * offline verifier names it, instead of the export failing.
     */
    public String rawRecord(java.sql.ResultSet row) throws java.sql.SQLException {
        ObjectNode node = json.createObjectNode();
        node.put("kind", "record");
        node.put("seq", row.getLong("seq"));
        node.put("recordedAt", row.getString("recorded_at"));
        node.put("instanceId", row.getString("instance_id"));
        node.put("type", row.getString("event_type"));
        node.put("actor", row.getString("actor"));
        node.put("requestId", row.getString("request_id"));
        node.put("credentialId", row.getString("credential_id"));
        node.put("documentDigest", row.getString("document_digest"));
        String attributes = row.getString("attributes");
        try {
            JsonNode parsed = json.readTree(attributes);
            node.set("attributes", parsed);
        }
        catch (RuntimeException ex) {
            node.put("attributes", attributes);
        }
        node.put("prevHash", row.getString("prev_hash"));
        node.put("hash", row.getString("record_hash"));
        return json.writeValueAsString(node);
    }

    public String checkpoint(AuditCheckpoint checkpoint) {
        return json.writeValueAsString(checkpointNode(checkpoint));
    }

    /** A checkpoint as JSON, as the export and the API show it. */
    public ObjectNode checkpointNode(AuditCheckpoint checkpoint) {
        ObjectNode node = json.createObjectNode();
        node.put("kind", "checkpoint");
        node.put("treeSize", checkpoint.treeSize());
        node.put("headHash", checkpoint.headHash());
        node.put("createdAt", checkpoint.createdAt());
        node.put("instanceId", checkpoint.instanceId());
        node.put("keyLabel", checkpoint.keyLabel());
        node.put("signatureAlgorithm", checkpoint.signatureAlgorithm());
        node.put("signature", checkpoint.signature());
        node.put("timestampToken", checkpoint.timestampToken());
        return node;
    }

    /** Reads one line: a {@link Header}, {@link AuditRecord} or {@link AuditCheckpoint}. */
    public Object parse(String line) {
        JsonNode node;
        try {
            node = json.readTree(line);
        }
        catch (RuntimeException ex) {
            throw new IllegalArgumentException("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String kind = text(node, "kind");
        return switch (kind == null ? "" : kind) {
            case "header" -> {
                if (!FORMAT.equals(text(node, "format"))) {
                    throw new IllegalArgumentException("unknown format " + text(node, "format"));
                }
                yield new Header(number(node, "from"), number(node, "to"), required(node, "prevHash"),
                        text(node, "exportedAt"));
            }
            case "record" -> new AuditRecord(number(node, "seq"), required(node, "recordedAt"),
                    required(node, "instanceId"), type(required(node, "type")), required(node, "actor"),
                    text(node, "requestId"), text(node, "credentialId"), text(node, "documentDigest"),
                    attributes(node.get("attributes")), required(node, "prevHash"), required(node, "hash"));
            case "checkpoint" -> new AuditCheckpoint(number(node, "treeSize"), required(node, "headHash"),
                    required(node, "createdAt"), required(node, "instanceId"), text(node, "keyLabel"),
                    required(node, "signatureAlgorithm"), required(node, "signature"), text(node, "timestampToken"));
            default -> throw new IllegalArgumentException("unknown kind '" + kind + "'");
        };
    }

    private static AuditEventType type(String name) {
        try {
            return AuditEventType.valueOf(name);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("unknown event type " + name);
        }
    }

    private static Map<String, String> attributes(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("attributes missing");
        }
        Map<String, String> attributes = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isString()) {
                throw new IllegalArgumentException("attribute " + entry.getKey() + " is not text");
            }
            attributes.put(entry.getKey(), entry.getValue().asString());
        }
        return attributes;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException(field + " is not text");
        }
        return value.asString();
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException(field + " missing");
        }
        return value;
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " missing or not an integer");
        }
        return value.asLong();
    }
}
