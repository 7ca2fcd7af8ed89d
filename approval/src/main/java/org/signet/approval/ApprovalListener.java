package org.signet.approval;

/**
 * Told when a request is decided (approved, rejected, or expired undecided), so the appliance can
 * time request-to-decision for its metrics without the approval module knowing a metrics library.
 * Called after the decision is stored and audited; must not throw.
 */
@FunctionalInterface
public interface ApprovalListener {

    /** {@code request} as decided: its {@code createdAt} and status ({@code APPROVED}, {@code REJECTED}, {@code EXPIRED}). */
    void decided(ApprovalRequest request, java.time.Instant decidedAt);
}
