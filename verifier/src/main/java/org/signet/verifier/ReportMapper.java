package org.signet.verifier;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;

import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.enumerations.DigestMatcherType;
import eu.europa.esig.dss.enumerations.SignatureScopeType;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.simplereport.jaxb.XmlCertificateChain;
import eu.europa.esig.dss.simplereport.jaxb.XmlSignatureScope;
import eu.europa.esig.dss.simplereport.jaxb.XmlTimestamp;
import eu.europa.esig.dss.validation.reports.Reports;

/**
 * Maps DSS's reports (JAXB) to Signet's own response records, so the API never exposes DSS's
 * class shapes (see PITFALLS: Jackson on JAXB types gives Java property names).
 */
final class ReportMapper {

    private ReportMapper() {
    }

    static ValidationReport toReport(Reports reports, String fileName, String policyVersion) {
        SimpleReport simple = reports.getSimpleReport();
        DiagnosticData diagnostic = reports.getDiagnosticData();
        List<SignatureVerdict> verdicts = simple.getSignatureIdList().stream()
                .map(id -> verdict(simple, diagnostic, id))
                .toList();
        List<TimestampVerdict> timestamps = simple.getTimestampIdList().stream()
                .map(id -> new TimestampVerdict(id, nameOf(simple.getIndication(id)), nameOf(simple.getSubIndication(id)),
                        simple.getProducedBy(id), toInstant(simple.getProductionTime(id)),
                        texts(simple.getAdESValidationErrors(id)), texts(simple.getAdESValidationWarnings(id))))
                .toList();
        return new ValidationReport(fileName, toInstant(simple.getValidationTime()), policyVersion, false,
                simple.getSignaturesCount(), simple.getValidSignaturesCount(), verdicts, timestamps);
    }

    private static SignatureVerdict verdict(SimpleReport simple, DiagnosticData diagnostic, String id) {
        List<XmlSignatureScope> xmlScopes = simple.getSignatureScopes(id);
        List<SignatureVerdict.Scope> scopes = xmlScopes.stream()
                .map(s -> new SignatureVerdict.Scope(s.getName(), s.getScope() == null ? null : s.getScope().name(), s.getValue()))
                .toList();
        SignatureWrapper signature = diagnostic.getSignatureById(id);
        return new SignatureVerdict(id,
                nameOf(simple.getIndication(id)),
                nameOf(simple.getSubIndication(id)),
                intact(signature),
                simple.getSignedBy(id),
                certificate(signature, simple.getCertificateChain(id)),
                toInstant(simple.getSigningTime(id)),
                toInstant(simple.getBestSignatureTime(id)),
                simple.getSignatureFormat(id) == null ? null : simple.getSignatureFormat(id).toString(),
                overallScope(xmlScopes),
                scopes,
                simple.getSignatureTimestamps(id).stream().map(ReportMapper::timestamp).toList(),
                changes(signature),
                texts(simple.getAdESValidationErrors(id)),
                texts(simple.getAdESValidationWarnings(id)));
    }

    /**
     * Signature value verifies and the signed references are found and match. ASiC manifest entries
     * are left out: they are the container's data, judged by the indication (HASH_FAILURE).
     */
    private static boolean intact(SignatureWrapper signature) {
        if (signature == null || !signature.isSignatureIntact()) {
            return false;
        }
        return signature.getDigestMatchers().stream()
                .filter(m -> m.getType() != DigestMatcherType.MANIFEST_ENTRY)
                .allMatch(m -> m.isDataFound() && m.isDataIntact());
    }

    private static TimestampVerdict timestamp(XmlTimestamp timestamp) {
        List<String> errors = timestamp.getAdESValidationDetails() == null ? List.of()
                : timestamp.getAdESValidationDetails().getError().stream().map(m -> m.getValue()).toList();
        List<String> warnings = timestamp.getAdESValidationDetails() == null ? List.of()
                : timestamp.getAdESValidationDetails().getWarning().stream().map(m -> m.getValue()).toList();
        return new TimestampVerdict(timestamp.getId(), nameOf(timestamp.getIndication()),
                nameOf(timestamp.getSubIndication()), timestamp.getProducedBy(), toInstant(timestamp.getProductionTime()),
                errors, warnings);
    }

    private static SignatureVerdict.CertificateInfo certificate(SignatureWrapper signature, XmlCertificateChain chain) {
        CertificateWrapper certificate = signature == null ? null : signature.getSigningCertificate();
        if (certificate == null) {
            return null;
        }
        List<SignatureVerdict.ChainEntry> entries = chain == null ? List.of() : chain.getCertificate().stream()
                .map(c -> new SignatureVerdict.ChainEntry(c.getQualifiedName(), c.isTrusted()))
                .toList();
        return new SignatureVerdict.CertificateInfo(certificate.getCertificateDN(), certificate.getCertificateIssuerDN(),
                certificate.getSerialNumber(), toInstant(certificate.getNotBefore()), toInstant(certificate.getNotAfter()),
                entries);
    }

    /** What changed in a PDF after this signature, in plain words; empty for other formats. */
    private static List<String> changes(SignatureWrapper signature) {
        List<String> changes = new ArrayList<>();
        if (signature == null || signature.getPDFRevision() == null) {
            return changes;
        }
        if (!signature.isPdfSignatureDictionaryConsistent()) {
            changes.add("The signature dictionary differs between revisions (possible signature spoofing).");
        }
        pages(changes, signature.getPdfPageDifferenceConcernedPages(), "Pages were added or removed after signing");
        pages(changes, signature.getPdfVisualDifferenceConcernedPages(), "The visible content changed after signing");
        pages(changes, signature.getPdfAnnotationsOverlapConcernedPages(), "Annotations added after signing overlap the content");
        count(changes, signature.getPdfSignatureOrFormFillChanges(), "Form fields were filled or signatures added after signing");
        count(changes, signature.getPdfAnnotationChanges(), "Annotations were added or changed after signing");
        count(changes, signature.getPdfExtensionChanges(), "Validation data (DSS dictionary or timestamps) was appended after signing");
        count(changes, signature.getPdfUndefinedChanges(), "Other objects were changed after signing");
        List<String> fields = signature.getModifiedFieldNames();
        if (fields != null && !fields.isEmpty()) {
            changes.add("Fields changed after signing: " + String.join(", ", fields) + ".");
        }
        return changes;
    }

    private static void pages(List<String> changes, List<BigInteger> pages, String sentence) {
        if (pages != null && !pages.isEmpty()) {
            changes.add(sentence + " (page" + (pages.size() > 1 ? "s " : " ")
                    + pages.stream().map(BigInteger::toString).collect(Collectors.joining(", ")) + ").");
        }
    }

    private static void count(List<String> changes, Collection<?> objects, String sentence) {
        if (objects != null && !objects.isEmpty()) {
            changes.add(sentence + " (" + objects.size() + " object" + (objects.size() > 1 ? "s" : "") + ").");
        }
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

    private static Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
