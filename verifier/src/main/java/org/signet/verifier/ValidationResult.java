package org.signet.verifier;

import java.util.Objects;

/**
 * The outcome of one validation request.
 *
 * @param report   Signet's verdicts (always present: the audit log and the JSON answer use them)
 * @param kind     the representation asked for
 * @param rendered the DSS XML or HTML report for non-simple kinds, else null
 */
public record ValidationResult(ValidationReport report, ReportKind kind, String rendered) {

    public ValidationResult {
        Objects.requireNonNull(report, "report cannot be null");
        Objects.requireNonNull(kind, "kind cannot be null");
    }
}
