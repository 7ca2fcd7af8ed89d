package org.signet.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one canonical encoding of a record that its hash covers, shared by the writer, the API and
 * the offline verifier: JSON with a fixed member order and sorted attributes, hashed with SHA-256
 * after the previous record's hash. Changing this encoding changes every hash: version it.
 */
public final class AuditRecordCodec {

    /** The hash that the first record chains to. */
    public static final String GENESIS = "0".repeat(64);

    private static final TypeReference<TreeMap<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private final JsonMapper json = JsonMapper.builder().build();

    /** The canonical bytes of a record (everything but its own hash). */
    public byte[] canonical(AuditRecord record) {
        ObjectNode node = json.createObjectNode();
        node.put("v", 1);
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
        return json.writeValueAsBytes(node);
    }

    /** SHA-256 over the previous hash and the canonical bytes, in hex. */
    public String hash(AuditRecord record) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(record.prevHash().getBytes(StandardCharsets.US_ASCII));
            sha256.update(canonical(record));
            return HexFormat.of().formatHex(sha256.digest());
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", ex);
        }
    }

    /** The same record with its hash computed. */
    public AuditRecord seal(AuditRecord unsealed) {
        AuditRecord withoutHash = new AuditRecord(unsealed.seq(), unsealed.recordedAt(), unsealed.instanceId(),
                unsealed.type(), unsealed.actor(), unsealed.requestId(), unsealed.credentialId(),
                unsealed.documentDigest(), Map.copyOf(new TreeMap<>(unsealed.attributes())), unsealed.prevHash(), null);
        return new AuditRecord(withoutHash.seq(), withoutHash.recordedAt(), withoutHash.instanceId(), withoutHash.type(),
                withoutHash.actor(), withoutHash.requestId(), withoutHash.credentialId(), withoutHash.documentDigest(),
                withoutHash.attributes(), withoutHash.prevHash(), hash(withoutHash));
    }

    public String attributesJson(Map<String, String> attributes) {
        return json.writeValueAsString(new TreeMap<>(attributes));
    }

    public Map<String, String> attributesFromJson(String text) {
        return json.readValue(text, ATTRIBUTES);
    }
}
