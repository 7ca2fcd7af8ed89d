package org.signet.signer.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.signet.core.hsm.KeySpec;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.credential.CredentialKind;
import org.signet.signer.credential.CredentialRecord;
import org.signet.signer.credential.CredentialService;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The operator's credential API: create (key in the HSM + CSR), import certificate, list, info, disable, delete. */
@RestController
public class CredentialController {

    private static final String BASE = "/api/v1/credentials";

    private final CredentialService service;

    public CredentialController(CredentialService service) {
        this.service = Objects.requireNonNull(service, "service cannot be null");
    }

    /**
     * Body of a creation request. {@code keyType}: RSA-2048, RSA-3072, EC-P256, EC-P384;
     * {@code ownerClient}: for a CITIZEN credential (required there), the portal client that owns it.
     */
    public record CreateRequest(String id, String kind, String owner, String ownerClient, String keyType, String subject,
            String description) {
    }

    /** A credential as operators see it (no key material; the chain is public). */
    public record CredentialView(String id, String kind, String owner, String ownerClient, String keyType, String status, int scal,
            String subject, String description, String certificateChain, Instant createdAt, Instant updatedAt) {

        static CredentialView of(CredentialRecord r) {
            return new CredentialView(r.id(), r.kind().name(), r.owner(), r.ownerClient(), r.keySpec().apiName(), r.status().name(),
                    r.kind().scal(), r.subjectDn(), r.description(), r.chainPem(), r.createdAt(), r.updatedAt());
        }
    }

    public record Created(CredentialView credential, String csr) {
    }

    @PostMapping(path = BASE, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Created> create(@RequestBody CreateRequest body, HttpServletRequest http) {
        CredentialKind kind;
        try {
            kind = body.kind() == null ? null : CredentialKind.valueOf(body.kind().toUpperCase(java.util.Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "kind must be CITIZEN, OFFICER or SEAL.");
        }
        KeySpec spec = body.keyType() == null ? null : KeySpec.fromApiName(body.keyType());
        CredentialService.Created created = service.create(new CredentialService.NewCredential(body.id(), kind, body.owner(),
                body.ownerClient(), spec, body.subject(), body.description()), Callers.of(http).subject());
        return ResponseEntity.created(URI.create(BASE + "/" + created.credential().id()))
                .body(new Created(CredentialView.of(created.credential()), created.csrPem()));
    }

    @GetMapping(path = BASE, produces = MediaType.APPLICATION_JSON_VALUE)
    public List<CredentialView> list() {
        return service.list().stream().map(CredentialView::of).toList();
    }

    @GetMapping(path = BASE + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public CredentialView info(@PathVariable String id) {
        return CredentialView.of(service.find(id));
    }

    @GetMapping(path = BASE + "/{id}/csr", produces = "application/pkcs10")
    public String csr(@PathVariable String id) {
        return service.certificationRequest(id);
    }

    /** Body: the PEM chain, signer certificate first (CA certificates optional if they are trust anchors). */
    @PutMapping(path = BASE + "/{id}/certificate", consumes = { "application/x-pem-file", MediaType.TEXT_PLAIN_VALUE },
            produces = MediaType.APPLICATION_JSON_VALUE)
    public CredentialView importCertificate(@PathVariable String id, @RequestBody String pem, HttpServletRequest http) {
        return CredentialView.of(service.importCertificate(id, pem, Callers.of(http).subject()));
    }

    @PostMapping(path = BASE + "/{id}/disable", produces = MediaType.APPLICATION_JSON_VALUE)
    public CredentialView disable(@PathVariable String id, HttpServletRequest http) {
        return CredentialView.of(service.disable(id, Callers.of(http).subject()));
    }

    @DeleteMapping(path = BASE + "/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest http) {
        service.delete(id, Callers.of(http).subject());
        return ResponseEntity.noContent().build();
    }
}
