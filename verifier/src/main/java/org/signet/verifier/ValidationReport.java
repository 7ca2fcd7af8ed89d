package org.signet.verifier;

import java.time.Instant;
import java.util.List;

/**
 * What the verifier answers for one document: a verdict per signature.
 *
 * @param documentName         the uploaded file's name
 * @param validationTime       the time the validation was made for
 * @param policy               version of the validation policy applied ({@code sha256:...})
 * @param cached               true when this verdict was served from the report cache
 * @param signaturesCount      how many signatures were found
 * @param validSignaturesCount how many of them are TOTAL_PASSED
 * @param signatures           the verdicts
 * @param timestamps           standalone timestamps (a detached RFC 3161 token, document timestamps
 *                             not attached to a signature)
 */
public record ValidationReport(String documentName, Instant validationTime, String policy, boolean cached,
        int signaturesCount, int validSignaturesCount, List<SignatureVerdict> signatures,
        List<TimestampVerdict> timestamps) {

    /** The same report as served from the cache, under the name the caller uploaded now. */
    public ValidationReport fromCache(String name) {
        return new ValidationReport(name, validationTime, policy, true, signaturesCount, validSignaturesCount,
                signatures, timestamps);
    }
}
