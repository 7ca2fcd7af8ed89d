package org.signet.signer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.spi.DSSUtils;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.HsmException;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.credential.Credential;
import org.signet.signer.credential.CredentialKind;
import org.signet.signer.credential.CredentialPolicy;
import org.signet.signer.credential.CredentialStore;
import org.signet.signer.format.Documents;
import org.signet.signer.format.FormatSigner;
import org.signet.signer.format.Packaging;
import org.signet.signer.format.SigningOptions;
import org.signet.signer.longterm.RevocationCheck;
import org.signet.signer.longterm.SignedFormats;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs documents for the document API: checks the request against the format, resolves the
 * credential, hands over to the format's {@link FormatSigner}, and releases the result only after
 * its audit record is committed (fail closed: no record, no signature).
 */
public final class SigningService {

    private static final Logger log = LoggerFactory.getLogger(SigningService.class);

    private final CredentialStore credentials;
    private final Map<SignatureFormat, FormatSigner> signers;
    private final AuditTrail auditTrail;
    private final RevocationCheck revocation;
    private final boolean timestamping;
    private final ObservationRegistry observations;

    /** A signer of B-B signatures only, with no revocation check (tests and tools). */
    public SigningService(CredentialStore credentials, List<FormatSigner> signers, AuditTrail auditTrail) {
        this(credentials, signers, auditTrail, new RevocationCheck(null), false);
    }

    /**
     * @param revocation   refuses credentials whose certificate the configured CRLs revoke
     * @param timestamping whether the format signers have a time-stamp source (B-T and above)
     */
    public SigningService(CredentialStore credentials, List<FormatSigner> signers, AuditTrail auditTrail,
            RevocationCheck revocation, boolean timestamping) {
        this(credentials, signers, auditTrail, revocation, timestamping, ObservationRegistry.NOOP);
    }

    /** @param observations times each signature as {@code signet.sign}, tagged with format and level (metrics) */
    public SigningService(CredentialStore credentials, List<FormatSigner> signers, AuditTrail auditTrail,
            RevocationCheck revocation, boolean timestamping, ObservationRegistry observations) {
        this.observations = Objects.requireNonNull(observations, "observations cannot be null");
        this.credentials = Objects.requireNonNull(credentials, "credentials cannot be null");
        this.signers = new EnumMap<>(SignatureFormat.class);
        signers.forEach(s -> this.signers.put(s.format(), s));
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail cannot be null");
        this.revocation = Objects.requireNonNull(revocation, "revocation cannot be null");
        this.timestamping = timestamping;
    }

    /** Signs the request's documents into one signed document, audited before it is returned. */
    public SignedDocument sign(SignatureRequest request) {
        // Tags are bounded enums (never credential ids, callers or document data).
        return Observation.createNotStarted("signet.sign", observations)
                .contextualName("sign " + request.format().apiName())
                .lowCardinalityKeyValue("format", request.format().apiName())
                .lowCardinalityKeyValue("level", request.level().apiName())
                .observe(() -> signNow(request));
    }

    private SignedDocument signNow(SignatureRequest request) {
        FormatSigner signer = signerFor(request.format());
        checkLevel(request.level());
        Packaging packaging = checkRequest(request, signer);
        Credential credential = credentials.get(request.credentialId());
        refuseCitizenWithoutApproval(credential, request.actor(), request.requestId());
        CredentialPolicy.checkUse(credential, request.caller());
        requireNotRevoked(credential, request.actor(), request.requestId());
        signer.check(request.documents(), packaging);
        SigningOptions options = new SigningOptions(request.level().forFormat(request.format()), packaging,
                new java.util.Date(), request.reason(), request.location(), request.visible());
        SignedDocument signed = signer.sign(request.documents(), credential, options);
        AuditEvent event = AuditEvent.of(AuditEventType.SIGNATURE_PRODUCED, request.actor())
                .withRequestId(request.requestId())
                .withCredential(request.credentialId())
                .withDocumentDigest(hex(DSSUtils.digest(DigestAlgorithm.SHA256, signed.document())))
                .with("format", request.format().apiName())
                .with("level", request.level().apiName())
                .with("packaging", packaging.apiName())
                .with("documents", Integer.toString(request.documents().size()))
                .with("inputDigest", signed.inputDigest() != null && request.documents().size() == 1
                        ? hex(signed.inputDigest())
                        : request.documents().stream()
                                .map(d -> hex(DSSUtils.digest(DigestAlgorithm.SHA256, d)))
                                .collect(Collectors.joining(",")));
        for (Map.Entry<String, String> fact : request.dossier().asAttributes().entrySet()) {
            event = event.with(fact.getKey(), fact.getValue());
        }
        auditTrail.record(event);
        return signed;
    }

    /**
     * Signs each document on its own with the same credential and settings. Every item gets its own
     * result and audit record; a document that fails (not a PDF, malformed, ...) is reported and the
     * others are still signed.
     */
    public List<BatchItemResult> signEach(SignatureRequest template) {
        // Problems common to every item (unknown format, credential) fail the whole request up front.
        signerFor(template.format());
        Credential credential = credentials.get(template.credentialId());
        refuseCitizenWithoutApproval(credential, template.actor(), template.requestId());
        CredentialPolicy.checkUse(credential, template.caller());
        requireNotRevoked(credential, template.actor(), template.requestId());
        checkLevel(template.level());
        List<BatchItemResult> results = new ArrayList<>();
        List<DSSDocument> documents = template.documents();
        for (int i = 0; i < documents.size(); i++) {
            DSSDocument document = documents.get(i);
            String itemId = template.requestId() + "-" + i;
            try {
                SignedDocument signed = sign(template.withDocuments(List.of(document), itemId));
                results.add(new BatchItemResult(i, document.getName(), itemId, signed, null, null));
            }
            catch (SignetException ex) {
                results.add(new BatchItemResult(i, document.getName(), itemId, null, ex.problemType(), ex.getMessage()));
            }
            catch (HsmException ex) {
                log.warn("Batch item {} could not be signed in the HSM: {}", itemId, ex.getMessage());
                results.add(new BatchItemResult(i, document.getName(), itemId, null, ProblemType.HSM_UNAVAILABLE,
                        "The HSM could not sign this document."));
            }
            catch (RuntimeException ex) {
                log.error("Batch item {} failed unexpectedly", itemId, ex);
                results.add(new BatchItemResult(i, document.getName(), itemId, null, ProblemType.INTERNAL,
                        "This document could not be signed because of an internal error."));
            }
        }
        return results;
    }

    /**
     * Raises the signatures of an already signed document (format detected from its content) to a
     * long-term level, audited as {@code SIGNATURE_EXTENDED} before the result is returned.
     *
     * @param originals the signed data of a detached XAdES/CAdES/JAdES signature, else empty
     */
    public SignedDocument extend(DSSDocument signed, List<DSSDocument> originals, BaselineLevel level, String actor,
            String requestId) {
        if (!level.timestamped()) {
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "Extension targets T, LT or LTA.");
        }
        checkLevel(level);
        SignatureFormat format = SignedFormats.detect(signed);
        FormatSigner signer = signerFor(format);
        DSSDocument extended = signer.extend(signed, originals, level.forFormat(format));
        String name = Documents.baseName(signed.getName());
        if (format == SignatureFormat.JADES && !name.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            name = Documents.stem(signed.getName()) + ".json";
        }
        auditTrail.record(AuditEvent.of(AuditEventType.SIGNATURE_EXTENDED, actor)
                .withRequestId(requestId)
                .withDocumentDigest(hex(DSSUtils.digest(DigestAlgorithm.SHA256, extended)))
                .with("operation", "extension")
                .with("format", format.apiName())
                .with("level", level.apiName())
                .with("inputDigest", hex(DSSUtils.digest(DigestAlgorithm.SHA256, signed))));
        return new SignedDocument(extended, SignedFormats.mediaType(format), name);
    }

    /** Refuses a revoked credential, with an audit record of the refusal (who tried, with what). */
    private void requireNotRevoked(Credential credential, String actor, String requestId) {
        try {
            revocation.requireNotRevoked(credential);
        }
        catch (SignetException ex) {
            auditTrail.record(AuditEvent.of(AuditEventType.SIGNATURE_REFUSED, actor)
                    .withRequestId(requestId)
                    .withCredential(credential.id())
                    .with("reason", ex.problemType().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
            throw ex;
        }
    }

    private void checkLevel(BaselineLevel level) {
        if (level.timestamped() && !timestamping) {
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "Level " + level.apiName()
                    + " needs a time-stamping authority; none is configured (signet.tsa.enabled or signet.signer.tsa-url).");
        }
    }

    private FormatSigner signerFor(SignatureFormat format) {
        FormatSigner signer = signers.get(format);
        if (signer == null) {
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "Format " + format.apiName() + " is not enabled.");
        }
        return signer;
    }

    private static Packaging checkRequest(SignatureRequest request, FormatSigner signer) {
        List<DSSDocument> documents = request.documents();
        if (documents.isEmpty()) {
            throw new SignetException(ProblemType.BAD_REQUEST, "No file to sign.");
        }
        if (documents.size() > 1 && !signer.multiDocument()) {
            throw new SignetException(ProblemType.BAD_REQUEST, request.format().apiName()
                    + " signs one file per signature; send several files as ASiC-E-XAdES or ASiC-E-CAdES, or use the batch API.");
        }
        for (DSSDocument document : documents) {
            if (Documents.isEmpty(document)) {
                throw new SignetException(ProblemType.BAD_REQUEST, "The uploaded file is empty.");
            }
        }
        Packaging packaging = request.packaging() == null ? signer.packagings().get(0) : request.packaging();
        if (request.level().timestamped() && request.format() == SignatureFormat.JADES) {
            // A compact JWS has no unprotected header to carry time-stamps: T and above are JSON serialised.
            if (request.packaging() == Packaging.COMPACT) {
                throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER,
                        "JAdES " + request.level().apiName() + " needs packaging 'json' (a compact JWS cannot hold time-stamps).");
            }
            packaging = Packaging.JSON;
        }
        if (!signer.packagingSet().contains(packaging)) {
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "Packaging '" + packaging.apiName()
                    + "' is not available for " + request.format().apiName() + "; supported: "
                    + signer.packagings().stream().map(Packaging::apiName).collect(Collectors.joining(", ")));
        }
        if (request.visible() != null && request.format() != SignatureFormat.PADES) {
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "Visible signatures exist for PAdES only.");
        }
        return packaging;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The document API never signs with a CITIZEN key: the citizen approves digests through the approval
     * flow instead. The refusal is audited ({@code SAD_REFUSED}) before {@link CredentialPolicy} answers 403.
     */
    private void refuseCitizenWithoutApproval(Credential credential, String actor, String requestId) {
        if (credential.kind() == CredentialKind.CITIZEN) {
            auditTrail.record(AuditEvent.of(AuditEventType.SAD_REFUSED, actor).withRequestId(requestId)
                    .withCredential(credential.id()).with("api", "document")
                    .with("reason", "citizen credential without the citizen's approval"));
        }
    }
}
