package org.signet.verifier;

import java.util.Date;
import java.util.List;
import java.util.Objects;

import java.util.HexFormat;
import java.util.stream.Collectors;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureScopeType;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.simplereport.jaxb.XmlSignatureScope;
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

/**
 * Validates signed documents with DSS (ETSI EN 319 102-1) against the configured trust and policy,
 * and turns DSS's simple report into Signet's {@link ValidationReport}. A failed signature is a
 * verdict, not an error; only documents DSS cannot read at all are refused.
 */
public final class ValidationService {

    private final CertificateVerifier certificateVerifier;
    private final ValidationPolicy policy;
    private final AuditTrail auditTrail;

    public ValidationService(CertificateVerifier certificateVerifier, ValidationPolicy policy, AuditTrail auditTrail) {
        this.certificateVerifier = Objects.requireNonNull(certificateVerifier, "certificateVerifier cannot be null");
        this.policy = Objects.requireNonNull(policy, "policy cannot be null");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail cannot be null");
    }

    /** Validates the document and records the verdicts in the audit log before answering. */
    public ValidationReport validate(byte[] content, String fileName, String actor) {
        ValidationReport report = validateUnaudited(content, fileName);
        AuditEvent event = AuditEvent.of(AuditEventType.VALIDATION_PERFORMED, actor)
                .withDocumentDigest(HexFormat.of().formatHex(DSSUtils.digest(DigestAlgorithm.SHA256, content)))
                .with("signatures", Integer.toString(report.signaturesCount()))
                .with("verdicts", report.signatures().stream()
                        .map(v -> v.indication() + (v.subIndication() == null ? "" : "/" + v.subIndication()))
                        .collect(Collectors.joining(",")))
                .with("cacheHit", "false");
        auditTrail.record(event);
        return report;
    }

    private ValidationReport validateUnaudited(byte[] content, String fileName) {
        if (content.length == 0) {
            throw new SignetException(ProblemType.BAD_REQUEST, "The uploaded file is empty.");
        }
        SignedDocumentValidator validator;
        try {
            validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(content, fileName));
        }
        catch (UnsupportedOperationException | IllegalInputException ex) {
            throw new SignetException(ProblemType.UNSUPPORTED_DOCUMENT,
                    "The file is not a signed document format this service validates (PDF, XML, CMS, JSON, ASiC).", ex);
        }
        validator.setCertificateVerifier(certificateVerifier);
        Reports reports;
        try {
            reports = validator.validateDocument(policy);
        }
        catch (DSSException | IllegalInputException | IllegalArgumentException | IllegalStateException ex) {
            throw new SignetException(ProblemType.MALFORMED_DOCUMENT,
                    "The document could not be read for validation: it is damaged or malformed.", ex);
        }
        return toReport(reports.getSimpleReport(), fileName);
    }

    private static ValidationReport toReport(SimpleReport simple, String fileName) {
        List<SignatureVerdict> verdicts = simple.getSignatureIdList().stream().map(id -> verdict(simple, id)).toList();
        return new ValidationReport(fileName, toInstant(simple.getValidationTime()), simple.getSignaturesCount(),
                simple.getValidSignaturesCount(), verdicts);
    }

    private static SignatureVerdict verdict(SimpleReport simple, String id) {
        List<XmlSignatureScope> xmlScopes = simple.getSignatureScopes(id);
        List<SignatureVerdict.Scope> scopes = xmlScopes.stream()
                .map(s -> new SignatureVerdict.Scope(s.getName(), s.getScope() == null ? null : s.getScope().name(), s.getValue()))
                .toList();
        return new SignatureVerdict(id,
                nameOf(simple.getIndication(id)),
                nameOf(simple.getSubIndication(id)),
                simple.getSignedBy(id),
                toInstant(simple.getSigningTime(id)),
                toInstant(simple.getBestSignatureTime(id)),
                simple.getSignatureFormat(id) == null ? null : simple.getSignatureFormat(id).toString(),
                overallScope(xmlScopes),
                scopes,
                texts(simple.getAdESValidationErrors(id)),
                texts(simple.getAdESValidationWarnings(id)));
    }

    /** FULL only when every signed object is fully covered; otherwise the first narrower scope. */
    private static String overallScope(List<XmlSignatureScope> scopes) {
        if (scopes.isEmpty()) {
            return null;
        }
        return scopes.stream()
                .map(XmlSignatureScope::getScope)
                .filter(s -> s != SignatureScopeType.FULL)
                .findFirst()
                .map(Enum::name)
                .orElse(SignatureScopeType.FULL.name());
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(Message::getValue).toList();
    }

    private static String nameOf(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static java.time.Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
