package org.signet.approval.store;

import java.time.Duration;
import java.util.Optional;

import org.signet.approval.ApprovalRequest;
import org.signet.approval.ApprovalStatus;

/**
 * The approval state every replica must agree on: pending requests, WebAuthn challenges, enrolment
 * links, signature activation data, TOTP failure counters. Entries expire by themselves. Single use
 * is atomic ({@link #take}): of two replicas taking the same key, exactly one gets the value.
 */
public interface ApprovalStore {

    /** Stores a new request, readable for {@code retention}. */
    void create(ApprovalRequest request, Duration retention);

    Optional<ApprovalRequest> find(String requestId);

    /**
     * Replaces the request only if its stored status is still {@code expected}; answers whether it did.
     * The one place where status transitions happen, so two replicas cannot both approve or both reject.
     */
    boolean transition(String requestId, ApprovalStatus expected, ApprovalRequest updated);

    /** Stores a value under {@code namespace:key} for {@code ttl}, replacing any earlier one. */
    void put(String namespace, String key, String value, Duration ttl);

    /** Stores the value only if none is there; answers whether it did. */
    boolean putIfAbsent(String namespace, String key, String value, Duration ttl);

    Optional<String> get(String namespace, String key);

    /** Reads and deletes in one atomic step: the single-use primitive. */
    Optional<String> take(String namespace, String key);

    /** Adds one to a counter that lives for {@code ttl} from its first increment; answers the new value. */
    long increment(String namespace, String key, Duration ttl);

    void delete(String namespace, String key);

    /**
     * Requests still awaiting the citizen's decision and not past their deadline, for the
     * {@code signet.approvals.pending} gauge. On Redis this is the count for the whole deployment
     * (every replica reports the same number), kept cheap by an index of pending request ids.
     */
    long countPending();
}
