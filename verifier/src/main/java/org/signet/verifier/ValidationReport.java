package org.signet.verifier;

import java.time.Instant;
import java.util.List;

/**
 * What the verifier answers for one document: a verdict per signature.
 *
 * @param documentName       the uploaded file's name
 * @param validationTime     the time the validation was made for
 * @param signaturesCount    how many signatures were found
 * @param validSignaturesCount how many of them are TOTAL_PASSED
 * @param signatures         the verdicts
 */
public record ValidationReport(String documentName, Instant validationTime, int signaturesCount,
        int validSignaturesCount, List<SignatureVerdict> signatures) {
}
