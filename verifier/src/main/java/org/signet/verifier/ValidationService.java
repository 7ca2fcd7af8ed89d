package org.signet.verifier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import eu.europa.esig.dss.detailedreport.DetailedReportFacade;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pdf.IPdfObjFactory;
import eu.europa.esig.dss.simplereport.SimpleReportFacade;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.verifier.cache.CacheLifetime;
import org.signet.verifier.cache.ReportCache;
import org.signet.verifier.input.UploadGuard;
import org.signet.verifier.pdf.ValidatingPdfObjFactory;
import org.signet.verifier.policy.ValidationPolicySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates signed documents with DSS (ETSI EN 319 102-1) against the configured trust and policy,
 * reusing a cached verdict when the same bytes were validated under the same policy, trust and
 * time bucket. A failed signature is a verdict, not an error; only documents DSS cannot read at
 * all, or hostile ones, are refused. Every answer is audited before it is released.
 */
public final class ValidationService {

    private static final Logger log = LoggerFactory.getLogger(ValidationService.class);
    private static final String KEY_VERSION = "v1";

    private final CertificateVerifier certificateVerifier;
    private final ValidationPolicySource policy;
    private final String trustVersion;
    private final UploadGuard guard;
    private final ReportCache cache;
    private final CacheLifetime lifetime;
    private final AuditTrail auditTrail;
    private final Clock clock;
    private final ObservationRegistry observations;
    private final ValidationBulkhead bulkhead;
    private final boolean coalesce;
    private final ConcurrentHashMap<String, CompletableFuture<ValidationResult>> inFlight = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.builder().build();
    private final IPdfObjFactory pdfObjects = new ValidatingPdfObjFactory(10);

    public ValidationService(CertificateVerifier certificateVerifier, ValidationPolicySource policy, String trustVersion,
            UploadGuard guard, ReportCache cache, CacheLifetime lifetime, AuditTrail auditTrail, Clock clock) {
        this(certificateVerifier, policy, trustVersion, guard, cache, lifetime, auditTrail, clock, ObservationRegistry.NOOP,
                unbounded());
    }

    /**
     * @param observations times each validation as {@code signet.validation}, tagged with the report cache
     *                     outcome ({@code cache=hit|miss}) and kind ({@code cache.type=caffeine|redis|none})
     * @param bulkhead     caps the DSS validations running at once; cache hits bypass it
     */
    public ValidationService(CertificateVerifier certificateVerifier, ValidationPolicySource policy, String trustVersion,
            UploadGuard guard, ReportCache cache, CacheLifetime lifetime, AuditTrail auditTrail, Clock clock,
            ObservationRegistry observations, ValidationBulkhead bulkhead) {
        this.bulkhead = Objects.requireNonNull(bulkhead, "bulkhead cannot be null");
        this.observations = Objects.requireNonNull(observations, "observations cannot be null");
        this.certificateVerifier = Objects.requireNonNull(certificateVerifier, "certificateVerifier cannot be null");
        this.policy = Objects.requireNonNull(policy, "policy cannot be null");
        this.trustVersion = Objects.requireNonNull(trustVersion, "trustVersion cannot be null");
        this.guard = Objects.requireNonNull(guard, "guard cannot be null");
        this.cache = Objects.requireNonNull(cache, "cache cannot be null");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime cannot be null");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.coalesce = !"none".equals(cache.kind());
    }

    /** Validates one document now and answers Signet's JSON verdicts. */
    public ValidationReport validate(byte[] content, String fileName, String actor) {
        return validate(ValidationRequest.of(content, fileName), actor).report();
    }

    /** Validates (or serves from the cache) and records the verdicts in the audit log before answering. */
    public ValidationResult validate(ValidationRequest request, String actor) {
        Observation observation = Observation.createNotStarted("signet.validation", observations)
                .lowCardinalityKeyValue("cache.type", cache.kind())
                .lowCardinalityKeyValue("cache", "none");
        return observation.observe(() -> validateObserved(request, actor, observation));
    }

    private ValidationResult validateObserved(ValidationRequest request, String actor, Observation observation) {
        if (request.content().length == 0) {
            throw new SignetException(ProblemType.BAD_REQUEST, "The uploaded file is empty.");
        }
        if (request.originals().size() > guard.maxOriginals()) {
            throw new SignetException(ProblemType.BAD_REQUEST, "At most " + guard.maxOriginals()
                    + " detached originals are accepted per request.");
        }
        String documentDigest = hex(DSSUtils.digest(DigestAlgorithm.SHA256, request.content()));
        String key = cacheKey(request, documentDigest);
        // A hit is cheap: digest, one lookup, HMAC, JSON. Only guarded bytes were ever cached (the key
        // holds their digest), so the upload caps run on a miss, before DSS sees the bytes.
        Optional<ValidationResult> cached = cache.get(key).flatMap(entry -> decode(entry, request));
        if (cached.isEmpty()) {
            cached = joinInFlight(key, request);
        }
        ValidationResult result = cached.orElseGet(() -> validateOnce(key, request));
        observation.lowCardinalityKeyValue("cache", cached.isPresent() ? "hit" : "miss");
        ValidationReport report = result.report();
        AuditEvent event = AuditEvent.of(AuditEventType.VALIDATION_PERFORMED, actor)
                .withDocumentDigest(documentDigest)
                .with("signatures", Integer.toString(report.signaturesCount()))
                .with("verdicts", report.signatures().stream()
                        .map(v -> v.indication() + (v.subIndication() == null ? "" : "/" + v.subIndication()))
                        .collect(Collectors.joining(",")))
                .with("cacheHit", Boolean.toString(cached.isPresent()))
                .with("policy", report.policy())
                .with("report", request.report().name().toLowerCase(java.util.Locale.ROOT))
                .with("originals", Integer.toString(request.originals().size()));
        auditTrail.record(event);
        return result;
    }

    /**
     * A miss whose key is being validated right now by another request waits for that result instead
     * of validating the same bytes again (a burst of identical uploads would otherwise run N identical
     * DSS validations, each holding a slot): the answer is what the cache would have served a moment
     * later, so it is marked as cached. With the cache switched off every request is validated.
     */
    private Optional<ValidationResult> joinInFlight(String key, ValidationRequest request) {
        if (!coalesce) {
            return Optional.empty();
        }
        CompletableFuture<ValidationResult> running = inFlight.get(key);
        if (running == null) {
            return Optional.empty();
        }
        try {
            ValidationResult shared = running.join();
            return Optional.of(new ValidationResult(shared.report().fromCache(request.fileName()), request.report(),
                    shared.rendered()));
        }
        catch (CompletionException | CancellationException ex) {
            // The leader failed (busy, malformed, ...): this request tries on its own.
            return Optional.empty();
        }
    }

    /** Validates under a bulkhead slot and publishes the result to identical requests arriving meanwhile. */
    private ValidationResult validateOnce(String key, ValidationRequest request) {
        CompletableFuture<ValidationResult> mine = new CompletableFuture<>();
        boolean leader = coalesce && inFlight.putIfAbsent(key, mine) == null;
        try {
            ValidationResult fresh = bulkhead.call(() -> {
                guard.check(request);
                ValidationResult validated = validateNow(request);
                // Never past the earliest CRL nextUpdate; once that passed, nothing is cached at all.
                lifetime.at(clock.instant()).ifPresent(ttl -> cache.put(key, encode(validated), ttl));
                return validated;
            });
            mine.complete(fresh);
            return fresh;
        }
        catch (RuntimeException | Error ex) {
            mine.completeExceptionally(ex);
            throw ex;
        }
        finally {
            if (leader) {
                inFlight.remove(key, mine);
            }
        }
    }

    /** No cap (tools and tests that validate one document at a time). */
    private static ValidationBulkhead unbounded() {
        return new ValidationBulkhead(Integer.MAX_VALUE, Duration.ZERO, Duration.ofSeconds(1));
    }

    /** The version of the trust configuration this service validates against (part of the cache key). */
    public String trustVersion() {
        return trustVersion;
    }

    /** The version of the policy in force. */
    public String policyVersion() {
        return policy.version();
    }

    /**
     * SHA-256 over what determines the verdict: the bytes, the detached originals (names and bytes),
     * the policy version, the trust configuration version, the validation time (or, for "now", the
     * current bucket of the cache TTL) and the representation asked for.
     */
    String cacheKey(ValidationRequest request, String documentDigest) {
        StringBuilder material = new StringBuilder(KEY_VERSION).append('|').append(request.report().cachedAs().name())
                .append('|').append(policy.version()).append('|').append(trustVersion).append('|');
        if (request.validationTime() != null) {
            material.append("at:").append(request.validationTime().getEpochSecond());
        }
        else {
            material.append("now:").append(clock.millis() / lifetime.ttl().toMillis());
        }
        material.append('|').append(documentDigest);
        for (ValidationRequest.Original original : request.originals()) {
            material.append('|').append(hex(DSSUtils.digest(DigestAlgorithm.SHA256,
                    String.valueOf(original.name()).getBytes(StandardCharsets.UTF_8))))
                    .append(':').append(hex(DSSUtils.digest(DigestAlgorithm.SHA256, original.content())));
        }
        return hex(DSSUtils.digest(DigestAlgorithm.SHA256, material.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private ValidationResult validateNow(ValidationRequest request) {
        SignedDocumentValidator validator;
        try {
            validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(request.content(), request.fileName()));
        }
        catch (UnsupportedOperationException | IllegalInputException ex) {
            throw new SignetException(ProblemType.UNSUPPORTED_DOCUMENT, "The file is not a signed document format this "
                    + "service validates (PDF, XML, CMS, JSON, ASiC, RFC 3161 timestamp).", ex);
        }
        validator.setCertificateVerifier(certificateVerifier);
        if (validator instanceof PDFDocumentValidator pdf) {
            pdf.setPdfObjFactory(pdfObjects);
        }
        if (!request.originals().isEmpty()) {
            List<DSSDocument> originals = request.originals().stream()
                    .map(o -> (DSSDocument) new InMemoryDocument(o.content(), o.name()))
                    .toList();
            validator.setDetachedContents(originals);
        }
        Instant at = request.validationTime() != null ? request.validationTime() : clock.instant();
        validator.setValidationTime(Date.from(at));
        validator.setEnableEtsiValidationReport(request.report() == ReportKind.ETSI);
        Reports reports;
        try {
            reports = validator.validateDocument(policy.policy());
        }
        catch (DSSException | IllegalInputException | IllegalArgumentException | IllegalStateException ex) {
            throw new SignetException(ProblemType.MALFORMED_DOCUMENT,
                    "The document could not be read for validation: it is damaged or malformed.", ex);
        }
        ValidationReport report = ReportMapper.toReport(reports, request.fileName(), policy.version());
        return new ValidationResult(report, request.report(), render(reports, request.report()));
    }

    private static String render(Reports reports, ReportKind kind) {
        try {
            return switch (kind) {
                case SIMPLE, PDF -> null;
                case DETAILED -> reports.getXmlDetailedReport();
                case DIAGNOSTIC -> reports.getXmlDiagnosticData();
                case ETSI -> reports.getXmlValidationReport();
                case HTML -> SimpleReportFacade.newFacade().generateHtmlReport(reports.getSimpleReportJaxb())
                        + DetailedReportFacade.newFacade().generateHtmlReport(reports.getDetailedReportJaxb());
            };
        }
        catch (Exception ex) {
            throw new IllegalStateException("DSS could not render the " + kind + " report", ex);
        }
    }

    /** What a cache entry holds: the verdicts and, for non-simple kinds, the rendered report. */
    record CacheEntry(ValidationReport report, String rendered) {
    }

    private byte[] encode(ValidationResult result) {
        return json.writeValueAsBytes(new CacheEntry(result.report(), result.rendered()));
    }

    private Optional<ValidationResult> decode(byte[] entry, ValidationRequest request) {
        try {
            CacheEntry decoded = json.readValue(entry, CacheEntry.class);
            return Optional.of(new ValidationResult(decoded.report().fromCache(request.fileName()), request.report(),
                    decoded.rendered()));
        }
        catch (JacksonException ex) {
            log.warn("Ignoring an unreadable validation cache entry");
            return Optional.empty();
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
