package org.signet.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.signet.core.audit.AuditEventType;
import org.springframework.jdbc.core.JdbcTemplate;

/** Finds records for auditors, filtered in the database, paged by sequence number. */
public final class AuditQuery {

    private final JdbcTemplate jdbc;
    private final AuditRecordCodec codec;

    public AuditQuery(JdbcTemplate jdbc, AuditRecordCodec codec) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
        this.codec = Objects.requireNonNull(codec, "codec cannot be null");
    }

    /**
     * What to look for; null fields do not filter.
     *
     * @param from           records at or after this instant
     * @param to             records before this instant
     * @param credentialId   records about this credential
     * @param requestId      records of this request
     * @param documentDigest records about this document (hex SHA-256, any case)
     * @param after          only records with a sequence number above this (the page cursor)
     * @param limit          at most this many records
     */
    public record Filter(Instant from, Instant to, String credentialId, String requestId, String documentDigest,
            long after, int limit) {
    }

    /** Matching records in log order. */
    public List<AuditRecord> find(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(filter.after());
        if (filter.from() != null) {
            sql.append(" AND recorded_at >= ?");
            args.add(AuditTime.format(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND recorded_at < ?");
            args.add(AuditTime.format(filter.to()));
        }
        if (filter.credentialId() != null) {
            sql.append(" AND credential_id = ?");
            args.add(filter.credentialId());
        }
        if (filter.requestId() != null) {
            sql.append(" AND request_id = ?");
            args.add(filter.requestId());
        }
        if (filter.documentDigest() != null) {
            sql.append(" AND document_digest = ?");
            args.add(filter.documentDigest().toLowerCase(java.util.Locale.ROOT));
        }
        sql.append(" ORDER BY seq LIMIT ?");
        args.add(filter.limit());
        return jdbc.query(sql.toString(), (rs, i) -> new AuditRecord(rs.getLong("seq"), rs.getString("recorded_at"),
                rs.getString("instance_id"), AuditEventType.valueOf(rs.getString("event_type")), rs.getString("actor"),
                rs.getString("request_id"), rs.getString("credential_id"), rs.getString("document_digest"),
                codec.attributesFromJson(rs.getString("attributes")), rs.getString("prev_hash"),
                rs.getString("record_hash")), args.toArray());
    }
}
