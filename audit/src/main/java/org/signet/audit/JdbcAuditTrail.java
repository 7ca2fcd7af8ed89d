package org.signet.audit;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditReceipt;
import org.signet.core.audit.AuditTrail;
import org.signet.core.audit.AuditUnavailableException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log in a relational database (PostgreSQL; H2 on the embedded default). Appends are
 * serialised across every instance by the single {@code audit_head} row (last sequence, last hash),
 * which every appending transaction locks before it inserts, so the chain stays linear however many
 * replicas write; a record is durable when {@link #record} returns, because the transaction that
 * inserted it has committed.
 *
 * <p>Each instance remembers the head its last batch committed and moves the row with a conditional
 * update ({@code WHERE last_seq = ? AND last_hash = ?}) instead of first reading it with
 * {@code SELECT ... FOR UPDATE}: one statement less per batch while this instance is the only writer.
 * When another instance (or a restore) moved the head, the update matches nothing, and the same
 * transaction reads the head under the row lock and chains the batch after it.
 *
 * <p>Group commit: callers that arrive while a transaction is committing queue up, and the next of
 * them to get the append lock writes the whole queue in one transaction (one head-row lock, one
 * commit, one fsync) instead of one each. That is what lets concurrent signatures and time-stamps
 * scale past the commit latency. Every caller is released only by the commit that holds its own
 * record; if that commit fails, every caller of the batch gets {@link AuditUnavailableException}
 * and the head stays where it was (the transaction rolled back), so nothing is released unlogged.
 */
public final class JdbcAuditTrail implements AuditTrail {

    /** Most records in one transaction: bounds the transaction's size and the wait of the last caller. */
    static final int MAX_BATCH = 256;

    private static final String INSERT = "INSERT INTO audit_log (seq, recorded_at, instance_id, event_type, actor,"
            + " request_id, credential_id, document_digest, attributes, prev_hash, record_hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_HEAD_IF_UNCHANGED = "UPDATE audit_head SET last_seq = ?, last_hash = ?"
            + " WHERE id = 1 AND last_seq = ? AND last_hash = ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AuditRecordCodec codec;
    private final String instanceId;
    private final Clock clock;

    /** Held by the caller that is writing a batch; the others wait for it and then find their record done. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /**
     * The head (sequence, hash) of the last batch this instance committed, or null when unknown (at
     * start, after a failure). Only a hint: a batch is chained after it only if the head row still
     * holds it. Read and written under {@link #appendLock}.
     */
    private AuditReceipt knownHead;
    private final AtomicLong headReads = new AtomicLong();
    /** Records not yet taken into a batch; guarded by itself. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

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
        Pending mine = new Pending(Objects.requireNonNull(event, "event cannot be null"));
        synchronized (queue) {
            queue.add(mine);
        }
        appendLock.lock();
        try {
            if (!mine.done()) {
                // Not written by the previous batch: write everything queued so far, ours included.
                writeBatch(drain());
            }
        }
        finally {
            appendLock.unlock();
        }
        return mine.outcome();
    }

    /** Records waiting for a batch (for tests that build a batch deterministically). */
    int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    private List<Pending> drain() {
        synchronized (queue) {
            List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(queue.poll());
            }
            return batch;
        }
    }

    /** One transaction for the batch; every caller gets its receipt only after the commit. */
    private void writeBatch(List<Pending> batch) {
        Appended appended;
        try {
            appended = Objects.requireNonNull(transactions.execute(status -> append(batch)));
        }
        catch (RuntimeException | Error ex) {
            // Whether or not the database committed, the head it holds is the truth: read it next time.
            knownHead = null;
            AuditUnavailableException failure = new AuditUnavailableException(
                    "The audit log cannot be written; nothing was released.", ex);
            batch.forEach(pending -> pending.fail(failure));
            if (ex instanceof Error error) {
                throw error;
            }
            return;
        }
        knownHead = appended.head();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).succeed(appended.receipts().get(i));
        }
    }

    /**
     * Chains the batch after the head this instance last committed and moves the head row only if it
     * still holds that head (the update takes the row lock, so a concurrent appender on another
     * instance waits, then finds the condition false). On a miss, or when no head is known, the head
     * is read under the row lock and the batch re-chained after it; either way the head row is locked
     * by this transaction before any record is inserted, so the chain stays linear across instances.
     */
    private Appended append(List<Pending> batch) {
        AuditReceipt expected = knownHead;
        if (expected != null) {
            Appended appended = chain(batch, expected, AuditTime.format(clock.instant()));
            if (jdbc.update(UPDATE_HEAD_IF_UNCHANGED, appended.head().sequence(), appended.head().hashHex(),
                    expected.sequence(), expected.hashHex()) == 1) {
                insert(appended.rows());
                return appended;
            }
        }
        headReads.incrementAndGet();
        AuditReceipt head = jdbc.queryForObject("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE",
                (rs, i) -> new AuditReceipt(rs.getLong(1), rs.getString(2)));
        // Timed after the lock, as the fast path's records are (it held the head): no record is stamped
        // earlier than the one it follows from another instance.
        Appended appended = chain(batch, Objects.requireNonNull(head, "audit_head has no row"),
                AuditTime.format(clock.instant()));
        jdbc.update("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", appended.head().sequence(),
                appended.head().hashHex());
        insert(appended.rows());
        return appended;
    }

    /** The batch's records sealed in order after {@code head}. */
    private Appended chain(List<Pending> batch, AuditReceipt head, String now) {
        long seq = head.sequence();
        String prevHash = head.hashHex();
        List<Object[]> rows = new ArrayList<>(batch.size());
        List<AuditReceipt> receipts = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            AuditEvent event = pending.event;
            seq++;
            AuditRecord record = codec.seal(new AuditRecord(seq, now, instanceId, event.type(), event.actor(),
                    event.requestId(), event.credentialId(), event.documentDigest(), event.attributes(), prevHash, null));
            rows.add(new Object[] { record.seq(), record.recordedAt(), record.instanceId(), record.type().name(),
                    record.actor(), record.requestId(), record.credentialId(), record.documentDigest(),
                    codec.attributesJson(record.attributes()), record.prevHash(), record.hash() });
            receipts.add(new AuditReceipt(seq, record.hash()));
            prevHash = record.hash();
        }
        return new Appended(rows, receipts, new AuditReceipt(seq, prevHash));
    }

    private void insert(List<Object[]> rows) {
        if (rows.size() == 1) {
            jdbc.update(INSERT, rows.get(0));
        }
        else {
            jdbc.batchUpdate(INSERT, rows);
        }
    }

    /** How often the head was read from the database (under its row lock) instead of taken from memory. */
    long headReads() {
        return headReads.get();
    }

    /** A batch chained after a head: its rows, each caller's receipt, and the new head. */
    private record Appended(List<Object[]> rows, List<AuditReceipt> receipts, AuditReceipt head) {
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

    /**
     * One caller's record on its way into a batch. Written and read under {@link #appendLock} (the
     * writer completes it before unlocking; the caller reads it after locking), so no further
     * synchronisation is needed.
     */
    private static final class Pending {

        private final AuditEvent event;
        private AuditReceipt receipt;
        private AuditUnavailableException failure;

        Pending(AuditEvent event) {
            this.event = event;
        }

        boolean done() {
            return receipt != null || failure != null;
        }

        void succeed(AuditReceipt value) {
            receipt = value;
        }

        void fail(AuditUnavailableException value) {
            failure = value;
        }

        AuditReceipt outcome() {
            if (failure != null) {
                throw new AuditUnavailableException(failure.getMessage(), failure.getCause());
            }
            return Objects.requireNonNull(receipt, "audit record neither committed nor failed");
        }
    }
}
