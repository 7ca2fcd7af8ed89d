package org.signet.approval.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.signet.approval.ApprovalRequest;
import org.signet.approval.ApprovalService;
import org.signet.approval.ApprovalStatus;
import org.signet.approval.totp.TotpApprovals;
import org.signet.approval.webauthn.Enrolments;
import org.signet.approval.webauthn.PasskeyApprovals;
import org.signet.approval.webauthn.PasskeyRepository;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON endpoints behind the citizen's approval and enrolment pages. No bearer token: the proof is
 * the one-time link's token, sent in the {@code X-Approval-Token} / {@code X-Enrolment-Token} header
 * (never a cookie, so no cross-site request can carry it), plus the WebAuthn assertion or TOTP code.
 */
@RestController
@RequestMapping(path = "/approval/api", produces = MediaType.APPLICATION_JSON_VALUE)
public final class ApprovalPageController {

    static final String APPROVAL_TOKEN = "X-Approval-Token";
    static final String ENROLMENT_TOKEN = "X-Enrolment-Token";

    /**
     * What the approval page shows.
     *
     * @param portal           requesting portal
     * @param documents        names, sizes and digest prefixes
     * @param hashAlgorithm    digest algorithm
     * @param verificationCode the code the portal shows too
     * @param status           where the request stands
     * @param expiresAt        deadline
     * @param serverTime       the server's clock, for the countdown
     * @param passkey          whether the citizen has an active passkey
     * @param totp             whether the citizen has TOTP
     */
    public record RequestView(String portal, List<DocumentView> documents, String hashAlgorithm, String verificationCode,
            ApprovalStatus status, Instant expiresAt, Instant serverTime, boolean passkey, boolean totp) {
    }

    /**
     * One document on the page.
     *
     * @param name         file name
     * @param size         bytes
     * @param digestPrefix the first 16 hex digits of its digest
     */
    public record DocumentView(String name, long size, String digestPrefix) {
    }

    /**
     * The outcome of an action.
     *
     * @param status the request's status afterwards
     */
    public record Outcome(ApprovalStatus status) {
    }

    private final ApprovalService approvals;
    private final PasskeyApprovals passkeys;
    private final TotpApprovals totp;
    private final Enrolments enrolments;
    private final PasskeyRepository passkeyRepository;
    private final JsonMapper json;

    public ApprovalPageController(ApprovalService approvals, PasskeyApprovals passkeys, TotpApprovals totp,
            Enrolments enrolments, PasskeyRepository passkeyRepository, JsonMapper json) {
        this.approvals = approvals;
        this.passkeys = passkeys;
        this.totp = totp;
        this.enrolments = enrolments;
        this.passkeyRepository = passkeyRepository;
        this.json = json;
    }

    @GetMapping("/request")
    public RequestView request(@RequestHeader(name = APPROVAL_TOKEN, required = false) String token) {
        ApprovalRequest request = approvals.open(token);
        return new RequestView(request.portal(), request.documents().stream()
                .map(d -> new DocumentView(d.name(), d.size(), d.digestHex().substring(0, 16))).toList(),
                request.hashAlgorithm(), request.verificationCode(), request.status(), request.expiresAt(),
                approvals.now(), passkeyRepository.findByCitizen(request.citizenId()).stream().anyMatch(p -> p.active()),
                totp.enrolled(request.citizenId()));
    }

    @PostMapping("/request/options")
    public Map<String, Object> requestOptions(@RequestHeader(name = APPROVAL_TOKEN, required = false) String token) {
        return passkeys.requestOptions(approvals.open(token));
    }

    @PostMapping(path = "/request/approve", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Outcome approve(@RequestHeader(name = APPROVAL_TOKEN, required = false) String token, @RequestBody String assertion) {
        return new Outcome(passkeys.approve(approvals.open(token), assertion).status());
    }

    @PostMapping(path = "/request/approve-totp", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Outcome approveTotp(@RequestHeader(name = APPROVAL_TOKEN, required = false) String token, @RequestBody String body) {
        return new Outcome(totp.approve(approvals.open(token), field(body, "code")).status());
    }

    @PostMapping("/request/reject")
    public Outcome reject(@RequestHeader(name = APPROVAL_TOKEN, required = false) String token) {
        return new Outcome(approvals.reject(approvals.open(token)).status());
    }

    @GetMapping("/enrolment")
    public Map<String, Object> enrolment(@RequestHeader(name = ENROLMENT_TOKEN, required = false) String token) {
        Enrolments.Enrolment enrolment = enrolments.open(token);
        return Map.of("portal", enrolment.portal(), "expiresAt", enrolment.expiresAt().toString(),
                "passkeys", passkeyRepository.findByCitizen(enrolment.citizenId()).stream().filter(p -> p.active()).count());
    }

    @PostMapping("/enrolment/options")
    public Map<String, Object> enrolmentOptions(@RequestHeader(name = ENROLMENT_TOKEN, required = false) String token) {
        return enrolments.creationOptions(token);
    }

    @PostMapping(path = "/enrolment/passkey", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> registerPasskey(@RequestHeader(name = ENROLMENT_TOKEN, required = false) String token,
            @RequestBody String body) {
        JsonNode node = parse(body);
        JsonNode credential = node.get("credential");
        if (credential == null || !credential.isObject()) {
            throw new SignetException(ProblemType.BAD_REQUEST, "The body needs a 'credential' object.");
        }
        JsonNode label = node.get("label");
        var passkey = enrolments.register(token, credential.toString(), label == null ? null : label.asString());
        return Map.of("id", passkey.id(), "label", passkey.label());
    }

    @PostMapping("/enrolment/totp")
    public TotpApprovals.TotpSetup registerTotp(@RequestHeader(name = ENROLMENT_TOKEN, required = false) String token) {
        enrolments.open(token);
        return totp.enrol(token);
    }

    private String field(String body, String name) {
        JsonNode value = parse(body).get(name);
        return value == null || value.isNull() ? null : value.asString();
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new SignetException(ProblemType.BAD_REQUEST, "The body must be a JSON object.");
            }
            return node;
        } catch (JacksonException e) {
            throw new SignetException(ProblemType.BAD_REQUEST, "The body is not valid JSON.");
        }
    }
}
