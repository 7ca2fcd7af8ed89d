package org.signet.audit.export;

import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

import org.signet.audit.AuditChainVerifier;
import org.signet.audit.AuditRecord;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.checkpoint.AuditCheckpoint;
import org.signet.audit.checkpoint.CheckpointVerifier;
import org.signet.audit.checkpoint.TimestampVerifier;

/**
 * Verifies an export file offline, with only the audit certificate (and the TSA certificate): the
 * records form an unbroken chain from the header's {@code prevHash}, every checkpoint is signed by
 * the audit key and its head hash is the hash of the record it names, and every record is covered
 * by a checkpoint. Names the first bad record: precisely when a record was changed, removed,
 * inserted or reordered; when a whole run was rewritten and re-chained, the first record after the
 * last checkpoint that still matches (nothing finer can be known from a hash chain).
 */
public final class ExportVerifier {

    private final AuditChainVerifier chain;
    private final ExportLines lines;
    private final CheckpointVerifier checkpointVerifier;
    private final TimestampVerifier timestampVerifier;

    /** @param timestampVerifier null when no TSA certificate was given (timestamps are then not checked) */
    public ExportVerifier(AuditRecordCodec codec, ExportLines lines, CheckpointVerifier checkpointVerifier,
            TimestampVerifier timestampVerifier) {
        this.chain = new AuditChainVerifier(Objects.requireNonNull(codec, "codec cannot be null"));
        this.lines = Objects.requireNonNull(lines, "lines cannot be null");
        this.checkpointVerifier = Objects.requireNonNull(checkpointVerifier, "checkpointVerifier cannot be null");
        this.timestampVerifier = timestampVerifier;
    }

    public ExportVerification verify(List<String> file) {
        if (file.isEmpty()) {
            return ExportVerification.bad(0, 0, null, "the export is empty");
        }
        ExportLines.Header header;
        try {
            if (!(lines.parse(file.get(0)) instanceof ExportLines.Header h)) {
                return ExportVerification.bad(0, 0, null, "line 1 is not the export header");
            }
            header = h;
        }
        catch (IllegalArgumentException ex) {
            return ExportVerification.bad(0, 0, null, "line 1 is not the export header: " + ex.getMessage());
        }

        // Pass 1: the checkpoints, each checked on its own.
        TreeMap<Long, AuditCheckpoint> checkpoints = new TreeMap<>();
        long timestamped = 0;
        for (int i = 1; i < file.size(); i++) {
            Object line = parseQuietly(file.get(i));
            if (line instanceof AuditCheckpoint checkpoint) {
                if (checkpoints.put(checkpoint.treeSize(), checkpoint) != null) {
                    return ExportVerification.bad(0, checkpoints.size(), null,
                            "two checkpoints for tree size " + checkpoint.treeSize());
                }
                if (!checkpointVerifier.signatureValid(checkpoint)) {
                    return ExportVerification.bad(0, checkpoints.size(), null, "checkpoint at " + checkpoint.treeSize()
                            + " records: signature does not verify with the audit certificate");
                }
                if (timestampVerifier != null && checkpoint.timestampToken() != null) {
                    String problem = timestampVerifier.problem(checkpoint);
                    if (problem != null) {
                        return ExportVerification.bad(0, checkpoints.size(), null,
                                "checkpoint at " + checkpoint.treeSize() + " records: " + problem);
                    }
                    timestamped++;
                }
            }
        }
        AuditCheckpoint anchor = checkpoints.get(header.from() - 1);
        if (anchor != null && !anchor.headHash().equals(header.prevHash())) {
            return ExportVerification.bad(0, checkpoints.size(), header.from(),
                    "the export's starting hash differs from the signed checkpoint at " + anchor.treeSize());
        }

        // Pass 2: the records, in file order.
        long expectedSeq = header.from();
        AuditRecord previous = null;
        long checked = 0;
        long lastGoodCheckpoint = header.from() - 1;
        for (int i = 1; i < file.size(); i++) {
            Object line;
            try {
                line = lines.parse(file.get(i));
            }
            catch (IllegalArgumentException ex) {
                return ExportVerification.bad(checked, checkpoints.size(), expectedSeq,
                        "line " + (i + 1) + " is not a valid record: " + ex.getMessage());
            }
            if (line instanceof ExportLines.Header) {
                return ExportVerification.bad(checked, checkpoints.size(), expectedSeq,
                        "line " + (i + 1) + " is a second header");
            }
            if (!(line instanceof AuditRecord record)) {
                continue;
            }
            AuditChainVerifier.Break broken = chain.check(record, previous, header.from(), header.prevHash());
            if (broken != null) {
                return ExportVerification.bad(checked, checkpoints.size(), broken.seq(), broken.reason());
            }
            AuditCheckpoint signed = checkpoints.get(record.seq());
            if (signed != null) {
                if (!signed.headHash().equals(record.hash())) {
                    return ExportVerification.bad(checked, checkpoints.size(), lastGoodCheckpoint + 1,
                            "records " + (lastGoodCheckpoint + 1) + ".." + record.seq()
                                    + " were rewritten: the checkpoint signed at " + record.seq()
                                    + " records names another head hash");
                }
                lastGoodCheckpoint = record.seq();
            }
            previous = record;
            expectedSeq++;
            checked++;
        }
        long last = expectedSeq - 1;
        if (last < header.to()) {
            return ExportVerification.bad(checked, checkpoints.size(), expectedSeq,
                    "records " + expectedSeq + ".." + header.to() + " are missing from the export");
        }
        Long beyond = checkpoints.higherKey(last);
        if (beyond != null) {
            return ExportVerification.bad(checked, checkpoints.size(), last + 1,
                    "a checkpoint signs " + beyond + " records but the export ends at " + last + " (records removed)");
        }
        if (checked > 0 && lastGoodCheckpoint < last) {
            return ExportVerification.bad(checked, checkpoints.size(), lastGoodCheckpoint + 1,
                    "records " + (lastGoodCheckpoint + 1) + ".." + last + " are not covered by a signed checkpoint");
        }
        return ExportVerification.ok(checked, checkpoints.size(), timestamped);
    }

    private Object parseQuietly(String line) {
        try {
            return lines.parse(line);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
