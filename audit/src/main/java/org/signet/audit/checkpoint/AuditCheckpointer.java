package org.signet.audit.checkpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.signet.audit.AuditProperties;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.spi.DSSUtils;
import org.signet.audit.AuditTime;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditUnavailableException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes checkpoints. Any number of instances may run one: each checkpoint is made while holding the
 * single {@code audit_checkpoint_lock} row ({@code SELECT ... FOR UPDATE}), which also records the
 * last tree size signed, so the same head is never signed twice and checkpoints grow strictly; the
 * primary key on {@code tree_size} backs that up. Appenders are never blocked: they lock
 * {@code audit_head}, which is only read here (its committed value is a consistent head).
 */
public final class AuditCheckpointer {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CheckpointSigner signer;
    private final CheckpointTimestamper timestamper;
    private final AuditProperties.Checkpoint settings;
    private final String instanceId;
    private final Clock clock;

    public AuditCheckpointer(JdbcTemplate jdbc, TransactionTemplate transactions, CheckpointSigner signer,
            CheckpointTimestamper timestamper, AuditProperties.Checkpoint settings, String instanceId, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
        this.transactions = Objects.requireNonNull(transactions, "transactions cannot be null");
        this.signer = Objects.requireNonNull(signer, "signer cannot be null");
        this.timestamper = Objects.requireNonNull(timestamper, "timestamper cannot be null");
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /** Signs the current head if {@code everyRecords} records or {@code every} time are waiting; else nothing. */
    public Optional<AuditCheckpoint> checkpointIfDue() {
        return transactions.execute(status -> checkpoint(false));
    }

    /** Signs the current head now unless a checkpoint already covers it (auditors asking for a proof). */
    public Optional<AuditCheckpoint> checkpointNow() {
        return transactions.execute(status -> checkpoint(true));
    }

    /** The certificate of the key that signs checkpoints. */
    public java.security.cert.X509Certificate certificate() {
        return signer.certificate();
    }

    private Optional<AuditCheckpoint> checkpoint(boolean force) {
        long lastSize = jdbc.queryForObject("SELECT last_size FROM audit_checkpoint_lock WHERE id = 1 FOR UPDATE",
                Long.class);
        Map<String, Object> head = jdbc.queryForMap("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
        long size = ((Number) head.get("last_seq")).longValue();
        if (size <= lastSize) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!force && !due(lastSize, size, now)) {
            return Optional.empty();
        }
        String headHash = (String) head.get("last_hash");
        String createdAt = AuditTime.format(now);
        CheckpointSigner.Signed signed = signer.sign(AuditCheckpoint.statement(size, headHash, createdAt, instanceId));
        byte[] token;
        try {
            token = timestamper.timestamp(signed.value());
        }
        catch (RuntimeException ex) {
            throw new AuditUnavailableException("The audit checkpoint could not be timestamped by the TSA.", ex);
        }
        Base64.Encoder base64 = Base64.getEncoder();
        AuditCheckpoint checkpoint = new AuditCheckpoint(size, headHash, createdAt, instanceId, signed.keyLabel(),
                signed.algorithm(), base64.encodeToString(signed.value()),
                token == null ? null : base64.encodeToString(token));
        jdbc.update("INSERT INTO audit_checkpoint (tree_size, head_hash, created_at, instance_id, key_label,"
                + " signature_algorithm, signature, timestamp_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                checkpoint.treeSize(), checkpoint.headHash(), checkpoint.createdAt(), checkpoint.instanceId(),
                checkpoint.keyLabel(), checkpoint.signatureAlgorithm(), checkpoint.signature(),
                checkpoint.timestampToken());
        jdbc.update("UPDATE audit_checkpoint_lock SET last_size = ? WHERE id = 1", size);
        return Optional.of(checkpoint);
    }

    /** N records waiting, or the oldest waiting record older than T. */
    private boolean due(long lastSize, long size, Instant now) {
        if (size - lastSize >= settings.everyRecords()) {
            return true;
        }
        List<Map<String, Object>> oldest = jdbc.queryForList(
                "SELECT recorded_at, event_type, document_digest FROM audit_log WHERE seq = ?", lastSize + 1);
        if (oldest.isEmpty() || (size == lastSize + 1 && isTimestampOfCheckpoint(oldest.get(0), lastSize))) {
            return false;
        }
        return Duration.between(AuditTime.parse((String) oldest.get(0).get("recorded_at")), now)
                .compareTo(settings.every()) >= 0;
    }

    /**
     * The TSA records every timestamp it issues, the checkpoint's own included; that one record
     * alone must not make the next checkpoint due, or an idle log would be checkpointed forever.
     */
    private boolean isTimestampOfCheckpoint(Map<String, Object> record, long checkpointSize) {
        if (!AuditEventType.TIMESTAMP_ISSUED.name().equals(record.get("event_type")) || checkpointSize == 0) {
            return false;
        }
        List<String> signature = jdbc.queryForList("SELECT signature FROM audit_checkpoint WHERE tree_size = ?",
                String.class, checkpointSize);
        return !signature.isEmpty() && HexFormat.of()
                .formatHex(DSSUtils.digest(DigestAlgorithm.SHA256, Base64.getDecoder().decode(signature.get(0))))
                .equals(record.get("document_digest"));
    }
}
