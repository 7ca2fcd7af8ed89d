package org.signet.audit;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditReceipt;
import org.signet.core.audit.AuditTrail;
import org.signet.core.audit.AuditUnavailableException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log in a relational database (PostgreSQL; H2 on the embedded default). Appends are
 * serialised across every instance by locking the single {@code audit_head} row, so the chain stays
 * linear however many replicas write; a record is durable when {@link #record} returns, because the
 * transaction that inserted it has committed.
 */
public final class JdbcAuditTrail implements AuditTrail {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AuditRecordCodec codec;
    private final String instanceId;
    private final Clock clock;

    public JdbcAuditTrail(JdbcTemplate jdbc, TransactionTemplate transactions, AuditRecordCodec codec,
            String instanceId, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
        this.transactions = Objects.requireNonNull(transactions, "transactions cannot be null");
        this.codec = Objects.requireNonNull(codec, "codec cannot be null");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    @Override
    public AuditReceipt record(AuditEvent event) {
        try {
            AuditReceipt receipt = transactions.execute(status -> append(event));
            return Objects.requireNonNull(receipt);
        }
        catch (DataAccessException | TransactionException ex) {
            throw new AuditUnavailableException("The audit log cannot be written; nothing was released.", ex);
        }
    }

    private AuditReceipt append(AuditEvent event) {
        Map<String, Object> head = jdbc.queryForMap("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
        long seq = ((Number) head.get("last_seq")).longValue() + 1;
        String prevHash = (String) head.get("last_hash");
        String now = AuditTime.format(clock.instant());
        AuditRecord record = codec.seal(new AuditRecord(seq, now, instanceId, event.type(), event.actor(),
                event.requestId(), event.credentialId(), event.documentDigest(), event.attributes(), prevHash, null));
        jdbc.update("INSERT INTO audit_log (seq, recorded_at, instance_id, event_type, actor, request_id, credential_id,"
                + " document_digest, attributes, prev_hash, record_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                record.seq(), record.recordedAt(), record.instanceId(), record.type().name(), record.actor(),
                record.requestId(), record.credentialId(), record.documentDigest(),
                codec.attributesJson(record.attributes()), record.prevHash(), record.hash());
        jdbc.update("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, record.hash());
        return new AuditReceipt(seq, record.hash());
    }

    /** Records with sequence numbers in {@code [from, to]}, in log order. */
    public List<AuditRecord> read(long from, long to) {
        return jdbc.query("SELECT * FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq", rowMapper(), from, to);
    }

    /** The sequence number and hash of the newest record (0 and the genesis hash when empty). */
    public AuditReceipt head() {
        return jdbc.queryForObject("SELECT last_seq, last_hash FROM audit_head WHERE id = 1",
                (rs, i) -> new AuditReceipt(rs.getLong(1), rs.getString(2)));
    }

    private RowMapper<AuditRecord> rowMapper() {
        return (rs, i) -> new AuditRecord(rs.getLong("seq"), rs.getString("recorded_at"), rs.getString("instance_id"),
                AuditEventType.valueOf(rs.getString("event_type")), rs.getString("actor"), rs.getString("request_id"),
                rs.getString("credential_id"), rs.getString("document_digest"),
                codec.attributesFromJson(rs.getString("attributes")), rs.getString("prev_hash"), rs.getString("record_hash"));
    }
}
