package org.signet.verifier;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/** The representation a caller asks for with {@code report=}. */
public enum ReportKind {
    /** Signet's JSON verdicts (default). */
    SIMPLE("application/json"),
    /** DSS detailed report XML (every check of ETSI EN 319 102-1). */
    DETAILED("application/xml"),
    /** DSS diagnostic data XML (everything DSS extracted from the document). */
    DIAGNOSTIC("application/xml"),
    /** ETSI TS 119 102-2 validation report XML. */
    ETSI("application/xml"),
    /** Human-readable HTML rendering of DSS's simple and detailed reports. */
    HTML("text/html;charset=UTF-8"),
    /**
     * Human-readable PDF report (Vietnamese or English) rendered by Signet from the verdicts; it
     * shares the SIMPLE cache entry, so only the cheap rendering is repeated on a hit.
     */
    PDF("application/pdf");

    private final String mediaType;

    ReportKind(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The kind whose cache entry serves this one: PDF is rendered from the SIMPLE verdicts. */
    public ReportKind cachedAs() {
        return this == PDF ? SIMPLE : this;
    }

    /** Parses {@code report=}; null or blank means SIMPLE; unknown values are a 400 naming the choices. */
    public static ReportKind parse(String value) {
        if (value == null || value.isBlank()) {
            return SIMPLE;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "Unknown report '" + value + "'; supported: "
                    + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ".");
        }
    }
}
