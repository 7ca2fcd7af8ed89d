package org.signet.audit.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.signet.audit.AuditRecordCodec;
import org.signet.audit.AuditTime;
import org.signet.audit.JdbcAuditTrail;
import org.signet.audit.checkpoint.AuditCheckpoint;
import org.signet.audit.checkpoint.CheckpointStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a range of the log as an export file ({@link ExportLines}). The range is extended up to
 * the first checkpoint at or after its end, so every exported record is covered by a signed
 * checkpoint inside the file; the checkpoint just before the range (if any) is included too, as the
 * signed anchor of the first record's {@code prevHash}.
 */
public final class AuditExporter {

    private static final int BATCH = 1000;

    private final JdbcAuditTrail trail;
    private final JdbcTemplate jdbc;
    private final CheckpointStore checkpoints;
    private final ExportLines lines;
    private final Clock clock;

    public AuditExporter(JdbcAuditTrail trail, JdbcTemplate jdbc, CheckpointStore checkpoints, ExportLines lines,
            Clock clock) {
        this.trail = Objects.requireNonNull(trail, "trail cannot be null");
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints cannot be null");
        this.lines = Objects.requireNonNull(lines, "lines cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /** The range actually exported for a request of {@code [from, to]}: clipped to the log, extended to a checkpoint. */
    public Range range(long from, long to) {
        long head = trail.head().sequence();
        long start = Math.max(1, from);
        long end = Math.min(to, head);
        if (end >= start) {
            Optional<AuditCheckpoint> covering = checkpoints.firstCovering(end);
            if (covering.isPresent()) {
                end = covering.get().treeSize();
            }
        }
        return new Range(start, end);
    }

    /** Writes the records of {@code range} and the checkpoints from {@code range.from - 1} to its end. */
    public void write(Range range, OutputStream out) {
        try {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            String prevHash = range.from() <= 1 ? AuditRecordCodec.GENESIS
                    : jdbc.queryForList("SELECT record_hash FROM audit_log WHERE seq = ?", String.class, range.from() - 1)
                            .stream().findFirst().orElse(AuditRecordCodec.GENESIS);
            writeLine(writer, lines.header(new ExportLines.Header(range.from(), range.to(), prevHash,
                    AuditTime.format(clock.instant()))));
            for (long next = range.from(); next <= range.to(); next += BATCH) {
                for (String line : jdbc.query("SELECT * FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq",
                        (row, i) -> lines.rawRecord(row), next, Math.min(range.to(), next + BATCH - 1))) {
                    writeLine(writer, line);
                }
            }
            List<AuditCheckpoint> covering = checkpoints.between(range.from() - 1, range.to());
            for (AuditCheckpoint checkpoint : covering) {
                writeLine(writer, lines.checkpoint(checkpoint));
            }
            writer.flush();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void writeLine(BufferedWriter writer, String line) throws IOException {
        writer.write(line);
        writer.write('\n');
    }

    /**
     * Sequence numbers exported, both inclusive; empty when {@code to < from}.
     *
     * @param from first record
     * @param to   last record
     */
    public record Range(long from, long to) {
    }
}
