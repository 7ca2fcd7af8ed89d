package org.signet.signer.csc;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.signet.approval.PendingApproval;
import org.signet.core.hsm.HsmException;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.Caller;
import org.signet.signer.SignedDocument;
import org.signet.signer.credential.CredentialPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cloud Signature Consortium API v2 ({@code /csc/v2/...}): JSON in, JSON out, CSC error bodies
 * ({@code error}, {@code error_description}) for everything this API refuses.
 */
@RestController
public class CscController {

    private static final Logger log = LoggerFactory.getLogger(CscController.class);
    private static final String BASE = "/csc/v2";

    private final CscService service;

    public CscController(CscService service) {
        this.service = Objects.requireNonNull(service, "service cannot be null");
    }

    public record ListRequest(String userID, Boolean credentialInfo, String certificates) {
    }

    public record InfoRequest(String credentialID, String certificates, Boolean certInfo, Boolean authInfo) {
    }

    public record AuthorizeRequest(String credentialID, Integer numSignatures, List<String> hashes, String hashAlgorithmOID,
            String description, String clientData) {
    }

    public record SignHashRequest(String credentialID, @JsonProperty("SAD") String sad, List<String> hashes,
            String hashAlgorithmOID, String signAlgo, String signAlgoParams) {
    }

    public record SignDocDocument(String document, @JsonProperty("signature_format") String signatureFormat,
            @JsonProperty("conformance_level") String conformanceLevel,
            @JsonProperty("signed_envelope_property") String signedEnvelopeProperty, String signAlgo) {
    }

    public record SignDocRequest(String credentialID, @JsonProperty("SAD") String sad, List<SignDocDocument> documents) {
    }

    @PostMapping(path = BASE + "/info", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("specs", "2.0.0.0");
        info.put("name", "Signet");
        info.put("logo", "");
        info.put("region", "VN");
        info.put("lang", "vi");
        info.put("description", "Signet remote signing service (HSM-held keys)");
        info.put("authType", List.of("oauth2client"));
        info.put("methods", List.of("credentials/list", "credentials/info", "credentials/authorize", "signatures/signHash",
                "signatures/signDoc"));
        return info;
    }

    @PostMapping(path = BASE + "/credentials/list", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> list(@RequestBody(required = false) ListRequest body, HttpServletRequest http) {
        return Map.of("credentialIDs", service.list(caller(http)));
    }

    @PostMapping(path = BASE + "/credentials/info", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> credentialInfo(@RequestBody InfoRequest body, HttpServletRequest http) {
        return service.info(body.credentialID(), body.certificates(), caller(http));
    }

    @PostMapping(path = BASE + "/credentials/authorize", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> authorize(@RequestBody AuthorizeRequest body, HttpServletRequest http) {
        if (body.numSignatures() != null && body.hashes() != null && body.numSignatures() != body.hashes().size()) {
            throw CscException.invalidRequest("numSignatures must equal the number of hashes.");
        }
        CscService.Authorization authorization = service.authorize(body.credentialID(), body.hashes(),
                body.hashAlgorithmOID(), null, caller(http));
        if (authorization.pending() != null) {
            // SCAL 2: the citizen approves on the phone; the portal shows the code and the link, then
            // follows the request (GET /api/v1/approvals/{id}), which ends SIGNED with the signature values.
            PendingApproval pending = authorization.pending();
            Map<String, Object> answer = new java.util.LinkedHashMap<>();
            answer.put("status", pending.status().name());
            answer.put("requestID", pending.requestId());
            answer.put("approvalLink", pending.approvalLink());
            answer.put("verificationCode", pending.verificationCode());
            answer.put("expiresAt", pending.expiresAt().toString());
            answer.put("statusURI", "/api/v1/approvals/" + pending.requestId());
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
        }
        SadService.Issued issued = authorization.sad();
        return ResponseEntity.ok(Map.of("SAD", issued.sad(), "expiresIn", issued.expiresIn()));
    }

    @PostMapping(path = BASE + "/signatures/signHash", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> signHash(@RequestBody SignHashRequest body, HttpServletRequest http) {
        return Map.of("signatures", service.signHash(body.credentialID(), body.sad(), body.hashes(), body.hashAlgorithmOID(),
                body.signAlgo(), caller(http)));
    }

    @PostMapping(path = BASE + "/signatures/signDoc", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> signDoc(@RequestBody SignDocRequest body, HttpServletRequest http) {
        List<CscService.DocumentToSign> documents = body.documents() == null ? List.of() : body.documents().stream()
                .map(d -> new CscService.DocumentToSign(decode(d.document()), d.signatureFormat(), d.conformanceLevel(),
                        d.signedEnvelopeProperty()))
                .toList();
        List<SignedDocument> signed = service.signDoc(body.credentialID(), documents, caller(http));
        List<String> encoded = signed.stream().map(s -> Base64.getEncoder().encodeToString(
                eu.europa.esig.dss.spi.DSSUtils.toByteArray(s.document()))).toList();
        boolean detached = body.documents().stream().anyMatch(d -> "Detached".equals(d.signedEnvelopeProperty()));
        return Map.of(detached ? "SignatureObject" : "DocumentWithSignature", encoded);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64 == null ? "" : base64);
        }
        catch (IllegalArgumentException ex) {
            throw CscException.invalidRequest("Invalid parameter document: not base64.");
        }
    }

    private static Caller caller(HttpServletRequest http) {
        java.util.Set<String> roles = new java.util.HashSet<>();
        for (String role : List.of(CredentialPolicy.PORTAL, CredentialPolicy.OFFICER)) {
            if (http.isUserInRole(role)) {
                roles.add(role);
            }
        }
        return new Caller(http.getUserPrincipal().getName(), roles, org.signet.signer.web.Callers.client(http));
    }

    /** CSC error body. */
    public record CscError(String error, @JsonProperty("error_description") String errorDescription) {
    }

    @ExceptionHandler(CscException.class)
    ResponseEntity<CscError> csc(CscException ex) {
        return ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_JSON)
                .body(new CscError(ex.error(), ex.getMessage()));
    }

    @ExceptionHandler(SignetException.class)
    ResponseEntity<CscError> signet(SignetException ex) {
        ProblemType type = ex.problemType();
        return switch (type) {
            case CREDENTIAL_NOT_FOUND -> csc(CscException.invalidRequest("Invalid parameter credentialID."));
            case CREDENTIAL_FORBIDDEN -> csc(new CscException(HttpStatus.FORBIDDEN, "access_denied", ex.getMessage()));
            case CREDENTIAL_DISABLED -> csc(CscException.invalidRequest(ex.getMessage()));
            default -> csc(new CscException(HttpStatus.valueOf(type.status().value()),
                    type.status().is5xxServerError() ? "server_error" : "invalid_request", ex.getMessage()));
        };
    }

    @ExceptionHandler(HsmException.class)
    ResponseEntity<CscError> hsm(HsmException ex) {
        log.warn("CSC signing failed in the HSM: {}", ex.getMessage());
        return csc(new CscException(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable", "The signing key is temporarily unavailable."));
    }
}
