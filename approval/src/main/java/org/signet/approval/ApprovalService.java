package org.signet.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.signet.approval.store.ApprovalStore;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * Signing requests that wait for a citizen's approval: creation (for a portal), the view through the
 * one-time approval link (for the citizen's phone), approval and rejection, expiry, and completion by
 * the signer. Status transitions go through {@link ApprovalStore#transition}, so replicas agree; every
 * outcome is audited before it is released.
 */
public final class ApprovalService {

    /** Digest lengths per accepted hash algorithm. */
    private static final Map<String, Integer> DIGEST_LENGTHS = Map.of("SHA-256", 32, "SHA-384", 48, "SHA-512", 64);

    private final ApprovalStore store;
    private final CitizenAccess citizens;
    private final SignatureActivation activation;
    private final List<ApprovalCompletion> completions;
    private final AuditTrail audit;
    private final ApprovalProperties properties;
    private final Clock clock;
    private final CallbackNotifier callbacks;
    private final List<ApprovalListener> listeners;

    public ApprovalService(ApprovalStore store, CitizenCredentials citizens, SignatureActivation activation,
            List<ApprovalCompletion> completions, AuditTrail audit, ApprovalProperties properties, Clock clock) {
        this(store, citizens, activation, completions, audit, properties, clock,
                new CallbackNotifier(List.of(), null, 1, Duration.ofSeconds(1)));
    }

    public ApprovalService(ApprovalStore store, CitizenCredentials citizens, SignatureActivation activation,
            List<ApprovalCompletion> completions, AuditTrail audit, ApprovalProperties properties, Clock clock,
            CallbackNotifier callbacks) {
        this(store, citizens, activation, completions, audit, properties, clock, callbacks, List.of());
    }

    public ApprovalService(ApprovalStore store, CitizenCredentials citizens, SignatureActivation activation,
            List<ApprovalCompletion> completions, AuditTrail audit, ApprovalProperties properties, Clock clock,
            CallbackNotifier callbacks, List<ApprovalListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks cannot be null");
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.audit = Objects.requireNonNull(audit, "audit cannot be null");
        this.citizens = new CitizenAccess(Objects.requireNonNull(citizens, "citizens cannot be null"), audit);
        this.activation = Objects.requireNonNull(activation, "activation cannot be null");
        this.completions = List.copyOf(completions);
        this.properties = Objects.requireNonNull(properties, "properties cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /**
     * A portal asks the owner of a CITIZEN credential to approve signing these digests. Only the portal
     * client that owns the credential may ask (403 {@code credential-forbidden}, audited, nothing created).
     */
    public PendingApproval request(Portal portal, String credentialId, String hashAlgorithm, List<ApprovalDocument> documents) {
        return request(portal, credentialId, hashAlgorithm, documents, null);
    }

    /** As {@link #request(Portal, String, String, List)}, with an allow-listed callback URL (or null). */
    public PendingApproval request(Portal caller, String credentialId, String hashAlgorithm, List<ApprovalDocument> documents,
            String callbackUrl) {
        String callback = callbacks.check(callbackUrl);
        String citizen = citizens.require(caller, credentialId, "approval-request").citizen();
        String portal = caller.subject();
        String algorithm = hashAlgorithm == null ? "SHA-256" : hashAlgorithm.toUpperCase(java.util.Locale.ROOT);
        Integer length = DIGEST_LENGTHS.get(algorithm);
        if (length == null) {
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER,
                    "Unsupported hash algorithm; supported: SHA-256, SHA-384, SHA-512.");
        }
        if (documents == null || documents.isEmpty()) {
            throw new SignetException(ProblemType.BAD_REQUEST, "A request needs at least one document digest.");
        }
        for (ApprovalDocument document : documents) {
            if (document.digest().length != length) {
                throw new SignetException(ProblemType.BAD_REQUEST,
                        "The digest of '" + document.name() + "' is not a " + algorithm + " digest.");
            }
        }
        Instant now = clock.instant();
        String requestId = Secrets.token(16);
        String secret = Secrets.token(32);
        ApprovalRequest request = new ApprovalRequest(requestId, credentialId, citizen, portal, documents, algorithm,
                null, ApprovalStatus.PENDING_APPROVAL, now, now.plus(properties.requestTtl()), Secrets.hash(secret),
                null, null, null, callback);
        String code = VerificationCode.of(request.digests());
        request = new ApprovalRequest(requestId, credentialId, citizen, portal, documents, algorithm, code,
                request.status(), now, request.expiresAt(), request.linkSecretHash(), null, null, null, callback);
        audit.record(AuditEvent.of(AuditEventType.SIGNING_REQUEST_CREATED, portal).withRequestId(requestId)
                .withCredential(credentialId).withDocumentDigest(documents.get(0).digestHex())
                .with("documents", Integer.toString(documents.size())).with("citizen", citizen)
                .with("client", caller.client()).with("status", ApprovalStatus.PENDING_APPROVAL.name()));
        store.create(request, properties.requestTtl().plus(properties.retention()));
        return new PendingApproval(requestId, request.status(),
                properties.publicBaseUrl() + "/approval/approve.html#" + requestId + "." + secret, code, request.expiresAt());
    }

    /** The request behind an approval link (unknown and wrong links look alike: 404). */
    public ApprovalRequest open(String linkToken) {
        int dot = linkToken == null ? -1 : linkToken.indexOf('.');
        if (dot <= 0) {
            throw notFound();
        }
        ApprovalRequest request = store.find(linkToken.substring(0, dot)).orElseThrow(ApprovalService::notFound);
        if (!Secrets.sameHash(request.linkSecretHash(), Secrets.hash(linkToken.substring(dot + 1)))) {
            throw notFound();
        }
        return expireIfDue(request);
    }

    /** The request as its portal sees it; another portal gets 404. */
    public ApprovalRequest status(String requestId, String portal) {
        ApprovalRequest request = store.find(requestId).filter(r -> r.portal().equals(portal))
                .orElseThrow(ApprovalService::notFound);
        return expireIfDue(request);
    }

    /**
     * Long poll: answers as soon as the request leaves {@code PENDING_APPROVAL}/{@code APPROVED}, or after
     * {@code wait} (bounded by {@code signet.approval.max-wait}).
     */
    public ApprovalRequest await(String requestId, String portal, Duration wait) throws InterruptedException {
        Duration bounded = wait.compareTo(properties.maxWait()) > 0 ? properties.maxWait() : wait;
        long deadline = System.nanoTime() + bounded.toNanos();
        ApprovalRequest request = status(requestId, portal);
        while (!request.status().isFinal() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            request = status(requestId, portal);
        }
        return request;
    }

    /** The citizen rejects the request. */
    public ApprovalRequest reject(ApprovalRequest request) {
        ensurePending(request, "reject");
        ApprovalRequest rejected = request.withStatus(ApprovalStatus.REJECTED, "rejected by the citizen", null);
        if (!store.transition(request.requestId(), ApprovalStatus.PENDING_APPROVAL, rejected)) {
            throw refused(request, "reject", "no longer pending");
        }
        audit.record(AuditEvent.of(AuditEventType.APPROVAL_REJECTED, request.citizenId())
                .withRequestId(request.requestId()).withCredential(request.credentialId()));
        decided(rejected);
        callbacks.notifyChange(rejected);
        return rejected;
    }

    /**
     * Marks the request approved after the citizen proved presence (passkey or TOTP), issues the SAD and
     * hands it to the signer's {@link ApprovalCompletion}s; answers the request as it then stands.
     */
    public ApprovalRequest approve(ApprovalRequest request, String method) {
        ensurePending(request, "approve");
        ApprovalRequest approved = request.withStatus(ApprovalStatus.APPROVED, null, method);
        if (!store.transition(request.requestId(), ApprovalStatus.PENDING_APPROVAL, approved)) {
            throw refused(request, "approve", "no longer pending");
        }
        audit.record(AuditEvent.of(AuditEventType.APPROVAL_GRANTED, request.citizenId())
                .withRequestId(request.requestId()).withCredential(request.credentialId())
                .withDocumentDigest(request.documents().get(0).digestHex()).with("method", method)
                .with("documents", Integer.toString(request.documents().size())));
        decided(approved);
        String sad = activation.issue(approved);
        for (ApprovalCompletion completion : completions) {
            completion.approved(approved, sad);
        }
        ApprovalRequest current = store.find(request.requestId()).orElse(approved);
        if (current.status() == ApprovalStatus.APPROVED) {
            callbacks.notifyChange(current);
        }
        return current;
    }

    /**
     * The signer reports the outcome of an approved request: the signature values (one per document, in
     * order) when signed, or the reason it failed (written for the portal; no secrets).
     */
    public void complete(String requestId, List<String> signatures, String failure) {
        store.find(requestId).ifPresent(request -> {
            ApprovalRequest outcome = signatures != null ? request.withOutcome(ApprovalStatus.SIGNED, null, signatures)
                    : request.withOutcome(ApprovalStatus.FAILED, failure, null);
            if (store.transition(requestId, ApprovalStatus.APPROVED, outcome)) {
                callbacks.notifyChange(outcome);
            }
        });
    }

    /** Refuses an approval attempt: audited as {@code SAD_REFUSED} with the reason, then 403. */
    public SignetException refused(ApprovalRequest request, String action, String reason) {
        auditRefusal(request, action, reason);
        return new SignetException(ProblemType.APPROVAL_REFUSED, "The approval was refused (" + reason + ").");
    }

    private void auditRefusal(ApprovalRequest request, String action, String reason) {
        audit.record(AuditEvent.of(AuditEventType.SAD_REFUSED, request.citizenId()).withRequestId(request.requestId())
                .withCredential(request.credentialId()).with("action", action).with("reason", reason));
    }

    /** Throws, audited, unless the request still awaits approval and its deadline has not passed. */
    public void ensurePending(ApprovalRequest request, String action) {
        ApprovalRequest current = expireIfDue(request);
        if (current.status() == ApprovalStatus.EXPIRED) {
            auditRefusal(current, action, "expired");
            throw new SignetException(ProblemType.APPROVAL_EXPIRED, "The approval deadline has passed.");
        }
        if (current.status() != ApprovalStatus.PENDING_APPROVAL) {
            auditRefusal(current, action, "status " + current.status());
            throw new SignetException(ProblemType.APPROVAL_NOT_PENDING,
                    "The request is " + current.status() + " and cannot be approved or rejected any more.");
        }
    }

    private ApprovalRequest expireIfDue(ApprovalRequest request) {
        if (request.status() == ApprovalStatus.PENDING_APPROVAL && request.isExpiredAt(clock.instant())) {
            ApprovalRequest expired = request.withStatus(ApprovalStatus.EXPIRED, "not approved in time", null);
            if (store.transition(request.requestId(), ApprovalStatus.PENDING_APPROVAL, expired)) {
                audit.record(AuditEvent.of(AuditEventType.APPROVAL_EXPIRED, "system")
                        .withRequestId(request.requestId()).withCredential(request.credentialId()));
                decided(expired);
                callbacks.notifyChange(expired);
                return expired;
            }
            return store.find(request.requestId()).orElse(expired);
        }
        return request;
    }

    private void decided(ApprovalRequest request) {
        Instant now = clock.instant();
        for (ApprovalListener listener : listeners) {
            listener.decided(request, now);
        }
    }

    public Instant now() {
        return clock.instant();
    }

    private static SignetException notFound() {
        return new SignetException(ProblemType.NOT_FOUND, "No such approval request.");
    }
}
