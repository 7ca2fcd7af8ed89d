package org.signet.audit;

import java.util.Objects;

/**
 * Checks that records form an unbroken chain: consecutive sequence numbers, each record's
 * {@code prevHash} equal to its predecessor's hash, and each hash recomputing from the record.
 * Names the first record that fails, so a change, deletion, insertion or swap is pinpointed.
 */
public final class AuditChainVerifier {

    private final AuditRecordCodec codec;

    public AuditChainVerifier(AuditRecordCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec cannot be null");
    }

    /**
     * @param records      records in log order
     * @param expectedFirst sequence number the run must start at
     * @param expectedPrev  hash the first record must chain to ({@link AuditRecordCodec#GENESIS} from the start)
     */
    public ChainVerification verify(Iterable<AuditRecord> records, long expectedFirst, String expectedPrev) {
        long checked = 0;
        AuditRecord previous = null;
        for (AuditRecord record : records) {
            Break broken = check(record, previous, expectedFirst, expectedPrev);
            if (broken != null) {
                return ChainVerification.broken(checked, broken.seq(), broken.reason());
            }
            previous = record;
            checked++;
        }
        return ChainVerification.ok(checked);
    }

    /**
     * Checks one record against the one before it; null when it fits.
     *
     * @param record        the record
     * @param previous      the record before it in the run, or null for the first
     * @param expectedFirst sequence number the run starts at
     * @param expectedPrev  hash the first record must chain to
     */
    public Break check(AuditRecord record, AuditRecord previous, long expectedFirst, String expectedPrev) {
        long expectedSeq = previous == null ? expectedFirst : previous.seq() + 1;
        String previousHash = previous == null ? expectedPrev : previous.hash();
        if (record.seq() != expectedSeq) {
            return new Break(expectedSeq,
                    "expected record " + expectedSeq + " but found " + record.seq() + " (removed, inserted or reordered)");
        }
        boolean selfConsistent = codec.hash(record).equals(record.hash());
        if (!record.prevHash().equals(previousHash)) {
            if (previous != null && record.prevHash().equals(previous.prevHash())) {
                // Two records claim the same predecessor: the earlier one was slipped in before this one.
                return new Break(previous.seq(), "inserted: record " + record.seq()
                        + " was chained directly to the record before it");
            }
            if (previous != null && selfConsistent) {
                // An intact record still names its true predecessor's hash: the record before it is not that one.
                return new Break(previous.seq(), "replaced: it is not the record that record " + record.seq()
                        + " was chained to");
            }
            return new Break(record.seq(), "does not chain to the previous record (changed, moved or reordered)");
        }
        if (!selfConsistent) {
            return new Break(record.seq(), "content changed: hash does not match");
        }
        return null;
    }

    /**
     * Where a chain breaks.
     *
     * @param seq    the first bad record
     * @param reason what is wrong with it
     */
    public record Break(long seq, String reason) {
    }
}
