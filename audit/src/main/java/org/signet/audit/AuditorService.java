package org.signet.audit;

import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.signet.audit.checkpoint.AuditCheckpoint;
import org.signet.audit.checkpoint.AuditCheckpointer;
import org.signet.audit.checkpoint.CheckpointStore;
import org.signet.audit.export.AuditExporter;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * What auditors may do with the log: find records, list checkpoints, prove that a record is covered
 * by a checkpoint, export a range. When an instance can sign checkpoints, a proof or export that
 * reaches past the newest checkpoint first has the current head signed, so the answer is always
 * verifiable offline.
 */
public final class AuditorService {

    /** Most records or checkpoints one page may hold. */
    public static final int MAX_PAGE = 1000;

    private final JdbcAuditTrail trail;
    private final AuditQuery query;
    private final CheckpointStore checkpoints;
    private final AuditExporter exporter;
    private final Optional<AuditCheckpointer> checkpointer;

    public AuditorService(JdbcAuditTrail trail, AuditQuery query, CheckpointStore checkpoints, AuditExporter exporter,
            Optional<AuditCheckpointer> checkpointer) {
        this.trail = Objects.requireNonNull(trail, "trail cannot be null");
        this.query = Objects.requireNonNull(query, "query cannot be null");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints cannot be null");
        this.exporter = Objects.requireNonNull(exporter, "exporter cannot be null");
        this.checkpointer = Objects.requireNonNull(checkpointer, "checkpointer cannot be null");
    }

    public List<AuditRecord> find(AuditQuery.Filter filter) {
        checkPage(filter.after(), filter.limit());
        return query.find(filter);
    }

    public List<AuditCheckpoint> checkpoints(long after, int limit) {
        checkPage(after, limit);
        return checkpoints.list(after, limit);
    }

    /**
     * The proof that record {@code seq} is in the log as signed: the records from {@code seq} up to
     * the first checkpoint covering it, and that checkpoint. Recomputing the chain from the record
     * must end in the checkpoint's signed head hash.
     */
    public Proof proof(long seq) {
        if (seq < 1 || seq > trail.head().sequence()) {
            throw new SignetException(ProblemType.NOT_FOUND, "The audit log has no record " + seq + ".");
        }
        AuditCheckpoint checkpoint = covering(seq).orElseThrow(() -> new SignetException(ProblemType.NOT_FOUND,
                "No checkpoint covers record " + seq + " yet; ask again after the next checkpoint."));
        return new Proof(checkpoint, trail.read(seq, checkpoint.treeSize()));
    }

    /** The range an export of {@code [from, to]} covers, after making sure a checkpoint covers its end. */
    public AuditExporter.Range exportRange(long from, long to) {
        if (from < 1 || to < from) {
            throw new SignetException(ProblemType.BAD_REQUEST, "Export needs 1 <= from <= to.");
        }
        // Clip to the head first: the forced checkpoint may itself add a record (the TSA's own), which
        // the next checkpoint covers, not this export.
        long end = Math.min(to, trail.head().sequence());
        if (end >= from) {
            covering(end);
        }
        return exporter.range(from, end);
    }

    public void export(AuditExporter.Range range, OutputStream out) {
        exporter.write(range, out);
    }

    public Optional<java.security.cert.X509Certificate> auditCertificate() {
        return checkpointer.map(AuditCheckpointer::certificate);
    }

    private Optional<AuditCheckpoint> covering(long seq) {
        Optional<AuditCheckpoint> existing = checkpoints.firstCovering(seq);
        if (existing.isPresent() || checkpointer.isEmpty()) {
            return existing;
        }
        checkpointer.get().checkpointNow();
        return checkpoints.firstCovering(seq);
    }

    private static void checkPage(long after, int limit) {
        if (after < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new SignetException(ProblemType.BAD_REQUEST,
                    "Paging needs after >= 0 and 1 <= limit <= " + MAX_PAGE + ".");
        }
    }

    /**
     * A record's inclusion proof.
     *
     * @param checkpoint the first checkpoint covering the record
     * @param records    the record and every later record up to the checkpoint's tree size
     */
    public record Proof(AuditCheckpoint checkpoint, List<AuditRecord> records) {
    }
}
