package org.signet.audit.checkpoint;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Reads checkpoints ({@code audit_checkpoint}); {@link AuditCheckpointer} is the only writer. */
public final class CheckpointStore {

    static final RowMapper<AuditCheckpoint> ROWS = (rs, i) -> new AuditCheckpoint(rs.getLong("tree_size"),
            rs.getString("head_hash"), rs.getString("created_at"), rs.getString("instance_id"),
            rs.getString("key_label"), rs.getString("signature_algorithm"), rs.getString("signature"),
            rs.getString("timestamp_token"));

    private final JdbcTemplate jdbc;

    public CheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
    }

    /** The newest checkpoint. */
    public Optional<AuditCheckpoint> latest() {
        return jdbc.query("SELECT * FROM audit_checkpoint ORDER BY tree_size DESC LIMIT 1", ROWS).stream().findFirst();
    }

    /** Checkpoints with {@code treeSize > after}, oldest first, at most {@code limit}. */
    public List<AuditCheckpoint> list(long after, int limit) {
        return jdbc.query("SELECT * FROM audit_checkpoint WHERE tree_size > ? ORDER BY tree_size LIMIT ?", ROWS, after,
                limit);
    }

    /** The first checkpoint that covers record {@code seq} (the smallest tree size at or above it). */
    public Optional<AuditCheckpoint> firstCovering(long seq) {
        return jdbc.query("SELECT * FROM audit_checkpoint WHERE tree_size >= ? ORDER BY tree_size LIMIT 1", ROWS, seq)
                .stream().findFirst();
    }

    /** Checkpoints with tree sizes in {@code [from, to]}, oldest first. */
    public List<AuditCheckpoint> between(long from, long to) {
        return jdbc.query("SELECT * FROM audit_checkpoint WHERE tree_size BETWEEN ? AND ? ORDER BY tree_size", ROWS,
                from, to);
    }
}
