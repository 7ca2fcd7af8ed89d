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
        long expectedSeq = expectedFirst;
        String previousHash = expectedPrev;
        long checked = 0;
        for (AuditRecord record : records) {
            if (record.seq() != expectedSeq) {
                return ChainVerification.broken(checked, expectedSeq,
                        "expected record " + expectedSeq + " but found " + record.seq() + " (removed, inserted or reordered)");
            }
            if (!record.prevHash().equals(previousHash)) {
                return ChainVerification.broken(checked, record.seq(), "does not chain to the previous record");
            }
            if (!codec.hash(record).equals(record.hash())) {
                return ChainVerification.broken(checked, record.seq(), "content changed: hash does not match");
            }
            previousHash = record.hash();
            expectedSeq++;
            checked++;
        }
        return ChainVerification.ok(checked);
    }
}
