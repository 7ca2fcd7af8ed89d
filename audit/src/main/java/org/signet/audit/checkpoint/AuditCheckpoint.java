package org.signet.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A signed statement that the log held exactly {@code treeSize} records ending in {@code headHash}
 * at {@code createdAt}. Because every record's hash covers its predecessor's, this one signature
 * commits to the content and order of every record up to {@code treeSize}.
 *
 * @param treeSize           number of records covered (= sequence number of the head record)
 * @param headHash           hex hash of record {@code treeSize}
 * @param createdAt          when it was made ({@link org.signet.audit.AuditTime} form)
 * @param instanceId         the instance that made it
 * @param keyLabel           label of the HSM key that signed it
 * @param signatureAlgorithm JCA name of the signature algorithm ({@code SHA256withECDSA})
 * @param signature          base64 signature over {@link #statement()}
 * @param timestampToken     base64 DER RFC 3161 timestamp token over SHA-256 of the signature bytes, or null
 */
public record AuditCheckpoint(long treeSize, String headHash, String createdAt, String instanceId, String keyLabel,
        String signatureAlgorithm, String signature, String timestampToken) {

    public AuditCheckpoint {
        Objects.requireNonNull(headHash, "headHash cannot be null");
        Objects.requireNonNull(createdAt, "createdAt cannot be null");
        Objects.requireNonNull(instanceId, "instanceId cannot be null");
    }

    /** The exact bytes the signature covers. */
    public byte[] statement() {
        return statement(treeSize, headHash, createdAt, instanceId);
    }

    /**
     * The signed statement: a few ASCII lines, so an auditor can rebuild it by hand. Changing it
     * invalidates every checkpoint ever signed: version it.
     */
    public static byte[] statement(long treeSize, String headHash, String createdAt, String instanceId) {
        return ("signet-audit-checkpoint/v1\n" + "size=" + treeSize + "\n" + "head=" + headHash + "\n" + "time="
                + createdAt + "\n" + "instance=" + instanceId + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public AuditCheckpoint withTimestampToken(String token) {
        return new AuditCheckpoint(treeSize, headHash, createdAt, instanceId, keyLabel, signatureAlgorithm, signature,
                token);
    }
}
