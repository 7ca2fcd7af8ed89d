package org.signet.signer.credential;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import eu.europa.esig.dss.model.x509.CertificateToken;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.GeneratedKey;
import org.signet.core.hsm.KeySpec;
import org.signet.core.hsm.TokenKey;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's credential lifecycle: create (key generated in the HSM, CSR), import the issued
 * chain (checked), list, info, disable, delete (key destroyed). Every change is audited before the
 * answer is released; a creation whose audit record fails is undone.
 */
public final class CredentialService {

    private static final Logger log = LoggerFactory.getLogger(CredentialService.class);

    /** Token labels that are infrastructure keys and never signing credentials. */
    public static final Set<String> INFRASTRUCTURE_LABELS = Set.of("tsa", "audit");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Prefix of the token labels of created credentials, so they never collide with provisioned keys. */
    static final String LABEL_PREFIX = "cred-";

    private final CredentialRepository repository;
    private final CredentialKeys keys;
    private final CertificateImportCheck importCheck;
    private final AuditTrail auditTrail;
    private final Clock clock;

    public CredentialService(CredentialRepository repository, CredentialKeys keys, CertificateImportCheck importCheck,
            AuditTrail auditTrail, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository cannot be null");
        this.keys = Objects.requireNonNull(keys, "keys cannot be null");
        this.importCheck = Objects.requireNonNull(importCheck, "importCheck cannot be null");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    /**
     * What an operator asks for when creating a credential.
     *
     * @param ownerClient for a CITIZEN credential (required there, refused for other kinds): the portal
     *                    client that owns it (token {@code azp}, else {@code client_id}, else {@code sub})
     */
    public record NewCredential(String id, CredentialKind kind, String owner, String ownerClient, KeySpec keySpec,
            String subject, String description) {
    }

    private static final int MAX_CLIENT_LENGTH = 300;

    /** A created credential with the PEM CSR to send to the CA. */
    public record Created(CredentialRecord credential, String csrPem) {
    }

    public Created create(NewCredential request, String actor) {
        if (request.id() == null || !ID.matcher(request.id()).matches() || INFRASTRUCTURE_LABELS.contains(request.id())) {
            throw new SignetException(ProblemType.BAD_REQUEST,
                    "id must be 1-64 characters [A-Za-z0-9._-], start with a letter or digit, and not be a reserved name.");
        }
        if (request.kind() == null || request.keySpec() == null) {
            throw new SignetException(ProblemType.BAD_REQUEST, "kind and keyType are required.");
        }
        if (request.kind() != CredentialKind.SEAL && (request.owner() == null || request.owner().isBlank())) {
            throw new SignetException(ProblemType.BAD_REQUEST, "A " + request.kind() + " credential needs its owner (the holder's subject).");
        }
        String ownerClient = ownerClient(request);
        X500Name subject = subject(request.subject());
        Instant now = clock.instant();
        CredentialRecord record = new CredentialRecord(request.id(), request.kind(),
                request.kind() == CredentialKind.SEAL ? null : request.owner(), ownerClient, LABEL_PREFIX + request.id(), request.keySpec(),
                CredentialStatus.PENDING_CERTIFICATE, null, subject.toString(), request.description(), now, now);
        if (!repository.insert(record)) {
            throw new SignetException(ProblemType.CREDENTIAL_CONFLICT, "A credential '" + request.id() + "' already exists.");
        }
        try {
            GeneratedKey key = keys.generate(record.keyLabel(), request.keySpec());
            String csr = keys.certificationRequest(key, subject);
            auditTrail.record(AuditEvent.of(AuditEventType.CREDENTIAL_CREATED, actor).withCredential(record.id())
                    .with("kind", record.kind().name()).with("keyType", record.keySpec().apiName())
                    .with("owner", String.valueOf(record.owner())).with("ownerClient", String.valueOf(record.ownerClient()))
                    .with("subject", record.subjectDn()));
            return new Created(record, csr);
        }
        catch (RuntimeException ex) {
            undoCreate(record);
            throw ex;
        }
    }

    /**
     * A CITIZEN credential names the one portal client that owns it (tenancy; never {@code "*"}); a
     * SEAL's clients come from {@code signet.signer.tenancy.seal-clients}, an OFFICER's from its owner.
     */
    private static String ownerClient(NewCredential request) {
        String client = request.ownerClient() == null ? null : request.ownerClient().strip();
        if (request.kind() != CredentialKind.CITIZEN) {
            if (client != null && !client.isEmpty()) {
                throw new SignetException(ProblemType.BAD_REQUEST, "ownerClient applies to CITIZEN credentials only"
                        + " (a seal's clients are configured in signet.signer.tenancy.seal-clients).");
            }
            return null;
        }
        if (client == null || client.isEmpty() || Credential.ANY_CLIENT.equals(client) || client.length() > MAX_CLIENT_LENGTH) {
            throw new SignetException(ProblemType.BAD_REQUEST, "A CITIZEN credential needs ownerClient: the portal client"
                    + " (token azp, client_id or sub, at most " + MAX_CLIENT_LENGTH + " characters, not '*') that owns it.");
        }
        return client;
    }

    private void undoCreate(CredentialRecord record) {
        try {
            keys.destroy(record.keyLabel());
        }
        catch (RuntimeException cleanup) {
            log.error("Could not destroy key '{}' after a failed creation", record.keyLabel(), cleanup);
        }
        repository.delete(record.id());
    }

    private static X500Name subject(String dn) {
        if (dn == null || dn.isBlank()) {
            throw new SignetException(ProblemType.BAD_REQUEST, "subject (an X.500 name such as 'C=VN,O=...,CN=...') is required.");
        }
        try {
            X500Name name = new X500Name(BCStyle.INSTANCE, dn);
            if (name.getRDNs(BCStyle.CN).length == 0) {
                throw new SignetException(ProblemType.BAD_REQUEST, "subject needs a CN.");
            }
            return name;
        }
        catch (IllegalArgumentException ex) {
            throw new SignetException(ProblemType.BAD_REQUEST, "subject is not a valid X.500 name.", ex);
        }
    }

    /** The PEM CSR of a credential's key (again), e.g. for renewal or a lost request. */
    public String certificationRequest(String id) {
        CredentialRecord record = find(id);
        GeneratedKey key = keys.find(record.keyLabel()).orElseThrow(() -> new SignetException(ProblemType.HSM_UNAVAILABLE,
                "The key of credential '" + id + "' is not available in the HSM."));
        return keys.certificationRequest(key, subject(record.subjectDn()));
    }

    /** Checks and attaches the issued chain (signer certificate first); the credential becomes ACTIVE. */
    public CredentialRecord importCertificate(String id, String chainPem, String actor) {
        CredentialRecord record = find(id);
        if (record.status() != CredentialStatus.PENDING_CERTIFICATE) {
            throw new SignetException(ProblemType.CREDENTIAL_CONFLICT,
                    "The credential '" + id + "' is " + record.status() + "; a certificate is imported only once, while pending.");
        }
        GeneratedKey key = keys.find(record.keyLabel()).orElseThrow(() -> new SignetException(ProblemType.HSM_UNAVAILABLE,
                "The key of credential '" + id + "' is not available in the HSM."));
        List<CertificateToken> chain = importCheck.check(key, Pem.parse(chainPem), clock.instant());
        keys.attachCertificate(key, chain.get(0));
        CredentialRecord updated = record.withChain(Pem.format(chain), clock.instant());
        repository.update(updated);
        CertificateToken signer = chain.get(0);
        auditTrail.record(AuditEvent.of(AuditEventType.CERTIFICATE_IMPORTED, actor).withCredential(id)
                .with("serial", signer.getSerialNumber().toString(16))
                .with("subject", signer.getSubject().getRFC2253())
                .with("issuer", signer.getIssuer().getRFC2253())
                .with("notAfter", signer.getNotAfter().toInstant().toString()));
        return updated;
    }

    public List<CredentialRecord> list() {
        return repository.findAll();
    }

    public CredentialRecord find(String id) {
        return repository.find(id).orElseThrow(() -> new CredentialNotFoundException(id));
    }

    public CredentialRecord disable(String id, String actor) {
        CredentialRecord record = find(id);
        CredentialRecord updated = record.withStatus(CredentialStatus.DISABLED, clock.instant());
        repository.update(updated);
        auditTrail.record(AuditEvent.of(AuditEventType.CREDENTIAL_DISABLED, actor).withCredential(id)
                .with("previousStatus", record.status().name()));
        return updated;
    }

    /** Destroys the key in the HSM and removes the credential. */
    public void delete(String id, String actor) {
        CredentialRecord record = find(id);
        int destroyed = keys.destroy(record.keyLabel());
        repository.delete(id);
        auditTrail.record(AuditEvent.of(AuditEventType.CREDENTIAL_DELETED, actor).withCredential(id)
                .with("keyObjectsDestroyed", Integer.toString(destroyed)));
    }

    /**
     * Registers keys provisioned by hsm-config (label = credential id) that are not registered yet, as
     * ACTIVE credentials with their token certificate and the configured CA chain. Idempotent, and
     * safe with several replicas (the insert of an existing id is a no-op).
     */
    public List<String> registerProvisioned(Map<String, CredentialKind> provisioned, List<CertificateToken> caChain) {
        List<String> registered = new ArrayList<>();
        provisioned.forEach((label, kind) -> {
            if (INFRASTRUCTURE_LABELS.contains(label)) {
                throw new IllegalStateException("'" + label + "' is an infrastructure key and never a signing credential");
            }
            if (repository.find(label).isPresent()) {
                return;
            }
            TokenKey key = keys.signingKey(label).orElse(null);
            GeneratedKey generated = keys.find(label).orElse(null);
            if (key == null || generated == null) {
                log.warn("Provisioned credential '{}' is not in the HSM token; not registered", label);
                return;
            }
            List<CertificateToken> chain = new ArrayList<>();
            chain.add(key.certificate());
            chain.addAll(caChain);
            Instant now = clock.instant();
            if (repository.insert(new CredentialRecord(label, kind, null, null, label, generated.spec(), CredentialStatus.ACTIVE,
                    Pem.format(chain), key.certificate().getSubject().getRFC2253(), "provisioned by hsm-config", now, now))) {
                auditTrail.record(AuditEvent.of(AuditEventType.CREDENTIAL_CREATED, "system").withCredential(label)
                        .with("kind", kind.name()).with("keyType", generated.spec().apiName()).with("source", "provisioned"));
                registered.add(label);
            }
        });
        if (!registered.isEmpty()) {
            log.info("Registered provisioned credentials {}", registered);
        }
        return registered;
    }
}
