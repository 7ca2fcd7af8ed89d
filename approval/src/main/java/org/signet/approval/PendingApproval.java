package org.signet.approval;

import java.time.Instant;

/**
 * What the portal gets back when it asks for a citizen's approval: the link to hand to the citizen
 * (shown once; only its hash is kept) and the code to display next to it.
 *
 * @param requestId        the request's id, for status and long-poll
 * @param status           {@link ApprovalStatus#PENDING_APPROVAL}
 * @param approvalLink     the one-time link of the approval page
 * @param verificationCode the 4-digit code the citizen will see on the phone too
 * @param expiresAt        the approval deadline
 */
public record PendingApproval(String requestId, ApprovalStatus status, String approvalLink, String verificationCode,
        Instant expiresAt) {
}
