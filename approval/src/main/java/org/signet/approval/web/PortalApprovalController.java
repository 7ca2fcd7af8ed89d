package org.signet.approval.web;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import org.signet.approval.ApprovalDocument;
import org.signet.approval.ApprovalLongPoll;
import org.signet.approval.ApprovalRequest;
import org.signet.approval.ApprovalService;
import org.signet.approval.ApprovalStatus;
import org.signet.approval.PendingApproval;
import org.signet.approval.Portal;
import org.signet.approval.webauthn.Enrolments;
import org.signet.approval.webauthn.Passkey;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The portal's side (role {@code portal}, bearer JWT; the caller's subject is the portal): ask a
 * citizen to approve digests, follow the request (status, long poll), hand out enrolment links,
 * list and revoke a citizen's passkeys. Everything about a CITIZEN credential is for the portal client
 * that owns it only ({@link org.signet.approval.CitizenAccess}); a request's status is for the subject that made it.
 */
@RestController
@RequestMapping(path = "/api/v1/approvals", produces = MediaType.APPLICATION_JSON_VALUE)
public final class PortalApprovalController {

    /** Longest accepted {@code waitSeconds}; the service bounds it further by configuration. */
    private static final int MAX_WAIT_SECONDS = 60;

    /** Added to the long poll's wait for the servlet container's async timeout (a safety net). */
    private static final Duration ASYNC_MARGIN = Duration.ofSeconds(5);

    /**
     * A request for approval of digests.
     *
     * @param credentialId  the CITIZEN credential
     * @param hashAlgorithm SHA-256 (default), SHA-384 or SHA-512
     * @param documents     what will be signed
     * @param callbackUrl   optional allow-listed URL told of every status change (HMAC-signed POST)
     */
    public record NewApproval(String credentialId, String hashAlgorithm, List<NewDocument> documents, String callbackUrl) {
    }

    /**
     * One document of a new request.
     *
     * @param name   file name shown to the citizen
     * @param size   size in bytes
     * @param digest base64 digest of the data to be signed
     */
    public record NewDocument(String name, long size, String digest) {
    }

    /**
     * A request as its portal sees it.
     *
     * @param requestId        id
     * @param status           current status
     * @param verificationCode the code to show
     * @param expiresAt        approval deadline
     * @param method           passkey or totp, once approved
     * @param reason           why it ended as it did, may be null
     * @param signatures       base64 signature values, one per document in request order, once {@code SIGNED}
     */
    public record StatusView(String requestId, ApprovalStatus status, String verificationCode, Instant expiresAt,
            String method, String reason, List<String> signatures) {

        static StatusView of(ApprovalRequest request) {
            return new StatusView(request.requestId(), request.status(), request.verificationCode(), request.expiresAt(),
                    request.method(), request.reason(), request.signatures());
        }
    }

    /**
     * An enrolment link request.
     *
     * @param credentialId the citizen's CITIZEN credential
     */
    public record NewEnrolment(String credentialId) {
    }

    /**
     * A passkey as the portal sees it.
     *
     * @param id        device id (for revocation)
     * @param label     the name the citizen gave it
     * @param createdAt registration time
     * @param revokedAt revocation time or null
     */
    public record PasskeyView(String id, String label, Instant createdAt, Instant revokedAt) {

        static PasskeyView of(Passkey passkey) {
            return new PasskeyView(passkey.id(), passkey.label(), passkey.createdAt(), passkey.revokedAt());
        }
    }

    private final ApprovalService approvals;
    private final Enrolments enrolments;
    private final ApprovalLongPoll longPoll;

    public PortalApprovalController(ApprovalService approvals, Enrolments enrolments, ApprovalLongPoll longPoll) {
        this.approvals = approvals;
        this.enrolments = enrolments;
        this.longPoll = longPoll;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    public PendingApproval create(Principal portal, HttpServletRequest http, @RequestBody NewApproval body) {
        if (body == null || body.credentialId() == null || body.documents() == null || body.documents().isEmpty()) {
            throw new SignetException(ProblemType.BAD_REQUEST, "credentialId and at least one document are required.");
        }
        List<ApprovalDocument> documents = body.documents().stream().map(PortalApprovalController::document).toList();
        return approvals.request(caller(portal, http), body.credentialId(), body.hashAlgorithm(), documents, body.callbackUrl());
    }

    /**
     * Status, or a long poll with {@code waitSeconds}: answered asynchronously ({@link ApprovalLongPoll}),
     * so a waiting portal holds no request thread.
     */
    @GetMapping("/{requestId}")
    public DeferredResult<StatusView> status(Principal portal, @PathVariable String requestId,
            @RequestParam(name = "waitSeconds", defaultValue = "0") int waitSeconds) {
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
            throw new SignetException(ProblemType.BAD_REQUEST, "waitSeconds must be between 0 and " + MAX_WAIT_SECONDS + ".");
        }
        String caller = name(portal);
        Duration wait = longPoll.bound(Duration.ofSeconds(waitSeconds));
        // The container's timeout is a safety net only: the long poll itself answers at the end of the wait.
        DeferredResult<StatusView> answer = new DeferredResult<>(wait.plus(ASYNC_MARGIN).toMillis());
        CompletableFuture<ApprovalRequest> waiting = longPoll.await(requestId, caller, wait);
        answer.onTimeout(() -> {
            waiting.cancel(false);
            try {
                answer.setResult(StatusView.of(approvals.status(requestId, caller)));
            }
            catch (RuntimeException ex) {
                answer.setErrorResult(ex);
            }
        });
        answer.onCompletion(() -> waiting.cancel(false));
        waiting.whenComplete((request, failure) -> {
            if (failure != null) {
                answer.setErrorResult(failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
            else {
                answer.setResult(StatusView.of(request));
            }
        });
        return answer;
    }

    @PostMapping(path = "/enrolments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Enrolments.EnrolmentLink enrol(Principal portal, HttpServletRequest http, @RequestBody NewEnrolment body) {
        if (body == null || body.credentialId() == null) {
            throw new SignetException(ProblemType.BAD_REQUEST, "credentialId is required.");
        }
        return enrolments.link(caller(portal, http), body.credentialId());
    }

    @GetMapping("/credentials/{credentialId}/passkeys")
    public List<PasskeyView> passkeys(Principal portal, HttpServletRequest http, @PathVariable String credentialId) {
        return enrolments.list(caller(portal, http), credentialId).stream().map(PasskeyView::of).toList();
    }

    @DeleteMapping("/credentials/{credentialId}/passkeys/{passkeyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revoke(Principal portal, HttpServletRequest http, @PathVariable String credentialId,
            @PathVariable String passkeyId) {
        enrolments.revoke(caller(portal, http), credentialId, passkeyId);
    }

    private static ApprovalDocument document(NewDocument document) {
        if (document == null || document.name() == null || document.name().isBlank() || document.digest() == null) {
            throw new SignetException(ProblemType.BAD_REQUEST, "Every document needs a name and a digest.");
        }
        try {
            return ApprovalDocument.of(document.name(), Math.max(0, document.size()), Base64.getDecoder().decode(document.digest()));
        } catch (IllegalArgumentException e) {
            throw new SignetException(ProblemType.BAD_REQUEST, "The digest of '" + document.name() + "' is not base64.");
        }
    }

    /** The portal: its subject, and its client as the security layer found it in the token. */
    private static Portal caller(Principal portal, HttpServletRequest http) {
        return new Portal(name(portal), http.getAttribute(Portal.CLIENT_ATTRIBUTE) instanceof String client ? client : null);
    }

    private static String name(Principal portal) {
        if (portal == null) {
            throw new SignetException(ProblemType.UNAUTHENTICATED, "A portal token is required.");
        }
        return portal.getName();
    }
}
