package org.signet.signer.csc;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.signet.approval.ApprovalDocument;
import org.signet.approval.ApprovalService;
import org.signet.approval.PendingApproval;
import org.signet.approval.Portal;
import org.signet.approval.SignatureActivation;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.HsmToken;
import org.signet.core.problem.SignetException;
import org.signet.signer.BaselineLevel;
import org.signet.signer.Caller;
import org.signet.signer.DossierMetadata;
import org.signet.signer.SignatureFormat;
import org.signet.signer.SignatureRequest;
import org.signet.signer.SignedDocument;
import org.signet.signer.SigningService;
import org.signet.signer.credential.Credential;
import org.signet.signer.credential.CredentialKind;
import org.signet.signer.credential.CredentialPolicy;
import org.signet.signer.credential.CredentialRecord;
import org.signet.signer.credential.CredentialService;
import org.signet.signer.credential.CredentialStatus;
import org.signet.signer.credential.CredentialStore;
import org.signet.signer.format.Packaging;
import org.springframework.http.HttpStatus;

/**
 * The Cloud Signature Consortium API v2 over Signet's credentials: listing and describing
 * credentials, authorising (SAD) and signing hashes in the HSM, and signing whole documents through
 * the document signers. A CITIZEN credential (SCAL 2) is activated only by its citizen: authorize
 * opens an approval request ({@code PENDING_APPROVAL}, approval link, verification code) and, once
 * the citizen approved on the phone, the approval module signs the hashes itself (the SAD never leaves
 * the server); signHash with a CITIZEN credential therefore needs a SAD no client can hold, and is
 * refused and audited ({@code SAD_REFUSED}). Without the approval module CITIZEN credentials are refused.
 */
public final class CscService {

    private static final String RSA = "1.2.840.113549.1.1.1";
    private static final String EC = "1.2.840.10045.2.1";
    private static final Map<String, DigestAlgorithm> RSA_WITH = Map.of("1.2.840.113549.1.1.11", DigestAlgorithm.SHA256,
            "1.2.840.113549.1.1.12", DigestAlgorithm.SHA384, "1.2.840.113549.1.1.13", DigestAlgorithm.SHA512);
    private static final Map<String, DigestAlgorithm> ECDSA_WITH = Map.of("1.2.840.10045.4.3.2", DigestAlgorithm.SHA256,
            "1.2.840.10045.4.3.3", DigestAlgorithm.SHA384, "1.2.840.10045.4.3.4", DigestAlgorithm.SHA512);
    private static final DateTimeFormatter CSC_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private final CredentialService credentials;
    private final CredentialStore store;
    private final HsmToken token;
    private final SadService sads;
    private final SigningService signing;
    private final AuditTrail auditTrail;
    private final int maxHashes;
    private final ApprovalService approvals;
    private final SignatureActivation activation;

    public CscService(CredentialService credentials, CredentialStore store, HsmToken token, SadService sads,
            SigningService signing, AuditTrail auditTrail, int maxHashes) {
        this(credentials, store, token, sads, signing, auditTrail, maxHashes, null, null);
    }

    /** With citizen approvals ({@code approvals} and {@code activation} null: CITIZEN credentials refused). */
    public CscService(CredentialService credentials, CredentialStore store, HsmToken token, SadService sads,
            SigningService signing, AuditTrail auditTrail, int maxHashes, ApprovalService approvals,
            SignatureActivation activation) {
        this.approvals = approvals;
        this.activation = activation;
        this.credentials = Objects.requireNonNull(credentials, "credentials cannot be null");
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.token = Objects.requireNonNull(token, "token cannot be null");
        this.sads = Objects.requireNonNull(sads, "sads cannot be null");
        this.signing = Objects.requireNonNull(signing, "signing cannot be null");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail cannot be null");
        this.maxHashes = maxHashes;
    }

    /** Ids of the active credentials this caller may sign with. */
    public List<String> list(Caller caller) {
        List<String> ids = new ArrayList<>();
        for (CredentialRecord record : credentials.list()) {
            if (record.status() != CredentialStatus.ACTIVE) {
                continue;
            }
            try {
                CredentialPolicy.checkUse(store.get(record.id()), caller);
                ids.add(record.id());
            }
            catch (SignetException ex) {
                // not usable by this caller: not listed
            }
        }
        return ids;
    }

    public Map<String, Object> info(String credentialId, String certificates, Caller caller) {
        Credential credential = usable(credentialId, caller, false);
        CertificateToken signer = credential.getCertificate();
        Map<String, Object> key = new java.util.LinkedHashMap<>();
        key.put("status", "enabled");
        if (credential.key().algorithm() == EncryptionAlgorithm.RSA) {
            key.put("algo", List.of("1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13", RSA));
            key.put("len", ((RSAPublicKey) signer.getPublicKey()).getModulus().bitLength());
        }
        else {
            key.put("algo", List.of("1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4", EC));
            key.put("len", ((ECPublicKey) signer.getPublicKey()).getParams().getCurve().getField().getFieldSize());
            key.put("curve", SubjectPublicKeyInfo.getInstance(signer.getPublicKey().getEncoded()).getAlgorithm()
                    .getParameters().toString());
        }
        Map<String, Object> cert = new java.util.LinkedHashMap<>();
        cert.put("status", "valid");
        String mode = certificates == null ? "single" : certificates;
        List<CertificateToken> shown = switch (mode) {
            case "none" -> List.of();
            case "chain" -> credential.chain();
            case "single" -> List.of(signer);
            default -> throw CscException.invalidRequest("Invalid parameter certificates (none, single or chain).");
        };
        if (!shown.isEmpty()) {
            cert.put("certificates", shown.stream().map(c -> Base64.getEncoder().encodeToString(c.getEncoded())).toList());
        }
        cert.put("issuerDN", signer.getIssuer().getRFC2253());
        cert.put("serialNumber", signer.getSerialNumber().toString(16));
        cert.put("subjectDN", signer.getSubject().getRFC2253());
        cert.put("validFrom", CSC_TIME.format(signer.getNotBefore().toInstant()));
        cert.put("validTo", CSC_TIME.format(signer.getNotAfter().toInstant()));
        Map<String, Object> info = new java.util.LinkedHashMap<>();
        info.put("description", credential.kind() + " credential " + credential.id());
        info.put("key", key);
        info.put("cert", cert);
        info.put("authMode", "explicit");
        info.put("scal", Integer.toString(credential.kind().scal()));
        info.put("multisign", maxHashes);
        info.put("lang", "vi");
        return info;
    }

    /**
     * What {@code credentials/authorize} answers: a SAD (service-controlled credential) or, for a
     * CITIZEN credential, the approval request opened for its citizen; exactly one is set.
     */
    public record Authorization(SadService.Issued sad, PendingApproval pending) {
    }

    /**
     * {@code credentials/authorize}: the credential is loaded once and decides the path (a CITIZEN
     * credential opens an approval request, any other gets a SAD); {@code names} name the hashes of
     * an approval request, may be null.
     */
    public Authorization authorize(String credentialId, List<String> hashes, String hashAlgorithmOid, List<String> names,
            Caller caller) {
        Credential credential = load(credentialId);
        if (credential.kind() == CredentialKind.CITIZEN) {
            return new Authorization(null, authorizeCitizen(credential, hashes, hashAlgorithmOid, names, caller));
        }
        return new Authorization(authorize(credential, hashes, hashAlgorithmOid, caller), null);
    }

    /**
     * Authorize for a CITIZEN credential: a portal asks the credential's owner to approve these hashes.
     * The request's documents are the hashes ({@code hash-1}, ...) or the names the client gave.
     */
    public PendingApproval authorizeCitizen(String credentialId, List<String> hashes, String hashAlgorithmOid,
            List<String> names, Caller caller) {
        return authorizeCitizen(load(credentialId), hashes, hashAlgorithmOid, names, caller);
    }

    private PendingApproval authorizeCitizen(Credential loaded, List<String> hashes, String hashAlgorithmOid,
            List<String> names, Caller caller) {
        Credential credential = usable(loaded, caller, false);
        if (approvals == null || !caller.hasRole(CredentialPolicy.PORTAL)) {
            throw new CscException(HttpStatus.FORBIDDEN, "access_denied",
                    "A CITIZEN credential is activated only by its citizen's approval, which a portal requests.");
        }
        if (credential.owner() == null) {
            throw new CscException(HttpStatus.FORBIDDEN, "access_denied",
                    "This CITIZEN credential has no owner who could approve its use.");
        }
        DigestAlgorithm algorithm = digestAlgorithm(hashAlgorithmOid);
        List<byte[]> values = checkHashes(hashes, algorithm);
        List<ApprovalDocument> documents = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String name = names != null && i < names.size() && names.get(i) != null && !names.get(i).isBlank()
                    ? names.get(i) : "hash-" + (i + 1);
            documents.add(ApprovalDocument.of(name, 0, values.get(i)));
        }
        return approvals.request(new Portal(caller.subject(), caller.client()), credential.id(), algorithm.getJavaName(), documents);
    }

    public SadService.Issued authorize(String credentialId, List<String> hashes, String hashAlgorithmOid, Caller caller) {
        return authorize(load(credentialId), hashes, hashAlgorithmOid, caller);
    }

    private SadService.Issued authorize(Credential loaded, List<String> hashes, String hashAlgorithmOid, Caller caller) {
        Credential credential = usable(loaded, caller, true);
        checkHashes(hashes, digestAlgorithm(hashAlgorithmOid));
        return sads.issue(credential.id(), caller.subject(), hashAlgorithmOid, hashes);
    }

    public List<String> signHash(String credentialId, String sad, List<String> hashes, String hashAlgorithmOid,
            String signAlgo, Caller caller) {
        Credential credential = citizenOrUsable(credentialId, caller);
        DigestAlgorithm digestAlgorithm = digestAlgorithm(hashAlgorithmOid);
        List<byte[]> values = checkHashes(hashes, digestAlgorithm);
        checkSignAlgo(credential, signAlgo, digestAlgorithm);
        if (credential.kind() == CredentialKind.CITIZEN) {
            // Only a SAD from the citizen's approval, for exactly these hashes, consumed once (audited refusals).
            try {
                activation.consume(sad, credential.id(), credential.owner(), digestAlgorithm.getJavaName(), values,
                        caller.subject());
            } catch (SignetException ex) {
                throw CscException.invalidRequest(ex.getMessage());
            }
        } else {
            sads.redeem(sad, credentialId, caller.subject(), hashAlgorithmOid, hashes);
        }
        List<String> signatures = new ArrayList<>(values.size());
        for (SignatureValue signature : token.signDigests(credential.key(),
                values.stream().map(value -> new Digest(digestAlgorithm, value)).toList())) {
            signatures.add(Base64.getEncoder().encodeToString(signature.getValue()));
        }
        auditTrail.record(AuditEvent.of(AuditEventType.SIGNATURE_PRODUCED, caller.subject())
                .withRequestId(UUID.randomUUID().toString())
                .withCredential(credentialId)
                .withDocumentDigest(values.size() == 1 && digestAlgorithm == DigestAlgorithm.SHA256 ? HexFormat.of().formatHex(values.get(0)) : null)
                .with("api", "csc/signHash")
                .with("hashAlgorithm", digestAlgorithm.getName())
                .with("hashes", values.stream().map(v -> HexFormat.of().formatHex(v)).collect(Collectors.joining(","))));
        return signatures;
    }

    /** One document of a signDoc request. */
    public record DocumentToSign(byte[] content, String signatureFormat, String conformanceLevel, String envelope) {
    }

    /** signDoc: each document signed through the document signers; results in request order. */
    public List<SignedDocument> signDoc(String credentialId, List<DocumentToSign> documents, Caller caller) {
        usable(credentialId, caller, true);
        if (documents == null || documents.isEmpty() || documents.size() > maxHashes) {
            throw CscException.invalidRequest("Invalid parameter documents (1 to " + maxHashes + ").");
        }
        List<SignedDocument> results = new ArrayList<>();
        for (DocumentToSign document : documents) {
            if (document.conformanceLevel() != null && !List.of("AdES-B-B", "AdES-B").contains(document.conformanceLevel())) {
                throw CscException.invalidRequest("Invalid parameter conformance_level: only AdES-B-B is available.");
            }
            SignatureFormat format = switch (document.signatureFormat() == null ? "" : document.signatureFormat()) {
                case "P" -> SignatureFormat.PADES;
                case "X" -> SignatureFormat.XADES;
                case "C" -> SignatureFormat.CADES;
                case "J" -> SignatureFormat.JADES;
                default -> throw CscException.invalidRequest("Invalid parameter signature_format (P, X, C or J).");
            };
            Packaging packaging = document.envelope() == null ? null : switch (document.envelope()) {
                case "Enveloped", "Certification", "Revision" -> format == SignatureFormat.PADES ? null : Packaging.ENVELOPED;
                case "Enveloping" -> format == SignatureFormat.JADES ? Packaging.COMPACT : Packaging.ENVELOPING;
                case "Detached" -> Packaging.DETACHED;
                default -> throw CscException.invalidRequest("Invalid parameter signed_envelope_property.");
            };
            results.add(signing.sign(new SignatureRequest(List.of(new InMemoryDocument(document.content(), "document")),
                    credentialId, format, BaselineLevel.B_B, packaging, null, null, null, DossierMetadata.NONE, caller,
                    UUID.randomUUID().toString())));
        }
        return results;
    }

    /** For signHash: a CITIZEN credential goes on to the SAD check (with approvals on); others as usual. */
    private Credential citizenOrUsable(String credentialId, Caller caller) {
        if (activation != null && credentialId != null && !credentialId.isBlank()) {
            Credential credential = store.get(credentialId);
            if (credential.kind() == CredentialKind.CITIZEN) {
                return credential;
            }
            return usable(credential, caller, true);
        }
        return usable(credentialId, caller, true);
    }

    /** The credential, refused in CSC's terms when unknown, not usable, or (for signing) a citizen's. */
    private Credential usable(String credentialId, Caller caller, boolean toSign) {
        return usable(load(credentialId), caller, toSign);
    }

    /** The credential (one store lookup: database record, cached key and chain), or a CSC error without an id. */
    private Credential load(String credentialId) {
        if (credentialId == null || credentialId.isBlank()) {
            throw CscException.invalidRequest("Missing parameter credentialID.");
        }
        return store.get(credentialId);
    }

    /** {@link #usable(String, Caller, boolean)} for a credential already loaded in this request. */
    private Credential usable(Credential credential, Caller caller, boolean toSign) {
        if (credential.kind() == CredentialKind.CITIZEN) {
            if (toSign) {
                throw new CscException(HttpStatus.FORBIDDEN, "access_denied", "CITIZEN credentials are activated only by"
                        + " the citizen's approval: call credentials/authorize (PENDING_APPROVAL), then follow the request.");
            }
            // Describing a citizen credential (scal 2) is allowed to its holder and to the portal client
            // owning it; that portal alone may authorize (ask the citizen). Another portal: audited refusal.
            if (caller.subject().equals(credential.owner())) {
                return credential;
            }
            if (!caller.hasRole(CredentialPolicy.PORTAL)) {
                throw new CscException(HttpStatus.FORBIDDEN, "access_denied", "Not your credential.");
            }
            if (!credential.ownedByClient(caller.client())) {
                auditTrail.record(AuditEvent.of(AuditEventType.AUTHORIZATION_REFUSED, caller.subject())
                        .withCredential(credential.id()).with("client", caller.client()).with("action", "csc/credentials")
                        .with("reason", "citizen credential of another client"));
                throw new SignetException(org.signet.core.problem.ProblemType.CREDENTIAL_FORBIDDEN,
                        "The citizen credential '" + credential.id() + "' does not belong to this portal's client.");
            }
            return credential;
        }
        CredentialPolicy.checkUse(credential, caller);
        return credential;
    }

    private static DigestAlgorithm digestAlgorithm(String oid) {
        if (oid == null) {
            throw CscException.invalidRequest("Missing parameter hashAlgorithmOID.");
        }
        try {
            DigestAlgorithm algorithm = DigestAlgorithm.forOID(oid);
            if (algorithm != DigestAlgorithm.SHA256 && algorithm != DigestAlgorithm.SHA384 && algorithm != DigestAlgorithm.SHA512) {
                throw CscException.invalidRequest("Unsupported hashAlgorithmOID (SHA-256, SHA-384, SHA-512).");
            }
            return algorithm;
        }
        catch (IllegalArgumentException ex) {
            throw CscException.invalidRequest("Unsupported hashAlgorithmOID.");
        }
    }

    private List<byte[]> checkHashes(List<String> hashes, DigestAlgorithm algorithm) {
        if (hashes == null || hashes.isEmpty() || hashes.size() > maxHashes) {
            throw CscException.invalidRequest("Invalid parameter hashes (1 to " + maxHashes + " base64 values).");
        }
        int length = switch (algorithm) {
            case SHA256 -> 32;
            case SHA384 -> 48;
            case SHA512 -> 64;
            default -> DSSUtils.digest(algorithm, new byte[0]).length;
        };
        List<byte[]> values = new ArrayList<>();
        for (String hash : hashes) {
            byte[] value;
            try {
                value = Base64.getDecoder().decode(hash);
            }
            catch (IllegalArgumentException ex) {
                throw CscException.invalidRequest("Invalid parameter hashes: not base64.");
            }
            if (value.length != length) {
                throw CscException.invalidRequest("Invalid parameter hashes: a hash has the wrong length for hashAlgorithmOID.");
            }
            values.add(value);
        }
        return values;
    }

    private static void checkSignAlgo(Credential credential, String signAlgo, DigestAlgorithm digestAlgorithm) {
        boolean rsa = credential.key().algorithm() == EncryptionAlgorithm.RSA;
        Map<String, DigestAlgorithm> combined = rsa ? RSA_WITH : ECDSA_WITH;
        String plain = rsa ? RSA : EC;
        if (signAlgo == null || !(signAlgo.equals(plain) || combined.get(signAlgo) == digestAlgorithm)) {
            throw CscException.invalidRequest("Invalid parameter signAlgo for this key and hashAlgorithmOID.");
        }
    }
}
