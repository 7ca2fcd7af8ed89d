package org.signet.verifier;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One validation asked for.
 *
 * @param content        the signed document (or standalone RFC 3161 timestamp token)
 * @param fileName       its name as uploaded
 * @param originals      detached originals (detached CAdES/XAdES/JAdES, timestamped data)
 * @param validationTime the time to validate at; null means now
 * @param report         the representation wanted
 */
public record ValidationRequest(byte[] content, String fileName, List<Original> originals, Instant validationTime,
        ReportKind report) {

    public ValidationRequest {
        Objects.requireNonNull(content, "content cannot be null");
        originals = originals == null ? List.of() : List.copyOf(originals);
        report = report == null ? ReportKind.SIMPLE : report;
    }

    /** A simple validation of one document, now, as JSON. */
    public static ValidationRequest of(byte[] content, String fileName) {
        return new ValidationRequest(content, fileName, List.of(), null, ReportKind.SIMPLE);
    }

    /**
     * A detached original.
     *
     * @param name    its file name (detached XAdES references it by name)
     * @param content its bytes
     */
    public record Original(String name, byte[] content) {
        public Original {
            Objects.requireNonNull(content, "content cannot be null");
        }
    }
}
