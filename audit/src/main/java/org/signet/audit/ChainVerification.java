package org.signet.audit;

/**
 * The outcome of checking a run of records.
 *
 * @param valid      every record is where it should be and its hash recomputes
 * @param checked    how many records were checked
 * @param firstBadSeq the sequence number of the first record that breaks the chain, or null
 * @param reason     what is wrong with it, or null
 */
public record ChainVerification(boolean valid, long checked, Long firstBadSeq, String reason) {

    static ChainVerification ok(long checked) {
        return new ChainVerification(true, checked, null, null);
    }

    static ChainVerification broken(long checked, long seq, String reason) {
        return new ChainVerification(false, checked, seq, reason);
    }
}
