package org.signet.approval;

/**
 * Life of a signing request for a citizen credential. The citizen moves it out of
 * {@link #PENDING_APPROVAL}; the signer completes an {@link #APPROVED} one as {@link #SIGNED} or
 * {@link #FAILED}. {@link #EXPIRED} is reached when nobody acted before the deadline.
 */
public enum ApprovalStatus {
    PENDING_APPROVAL,
    APPROVED,
    REJECTED,
    EXPIRED,
    SIGNED,
    FAILED;

    /** True once nothing can change the request any more. */
    public boolean isFinal() {
        return this == REJECTED || this == EXPIRED || this == SIGNED || this == FAILED;
    }
}
