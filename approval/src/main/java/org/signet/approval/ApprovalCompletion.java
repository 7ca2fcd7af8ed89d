package org.signet.approval;

/**
 * Hook called right after a citizen approved a request, with the fresh signature activation data:
 * the signer implements it to consume the SAD and sign, then reports through
 * {@link ApprovalService#complete}. Without an implementation the request stays {@code APPROVED}
 * until its SAD is consumed or expires.
 */
@FunctionalInterface
public interface ApprovalCompletion {

    void approved(ApprovalRequest request, String sad);
}
