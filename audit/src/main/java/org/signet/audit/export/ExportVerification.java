package org.signet.audit.export;

/**
 * What the offline verification of an export found.
 *
 * @param valid       every record chains, every checkpoint is signed by the audit key and matches
 *                    the records, and every record is covered by a checkpoint
 * @param records     records checked
 * @param checkpoints checkpoints checked
 * @param timestamped checkpoints whose RFC 3161 timestamp was checked against the TSA certificate
 * @param firstBadSeq the first bad record (sequence number), or null
 * @param reason      what is wrong, or null
 */
public record ExportVerification(boolean valid, long records, long checkpoints, long timestamped, Long firstBadSeq,
        String reason) {

    static ExportVerification ok(long records, long checkpoints, long timestamped) {
        return new ExportVerification(true, records, checkpoints, timestamped, null, null);
    }

    static ExportVerification bad(long records, long checkpoints, Long seq, String reason) {
        return new ExportVerification(false, records, checkpoints, 0, seq, reason);
    }
}
