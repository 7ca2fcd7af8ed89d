package org.signet.signer;

import java.util.Arrays;
import java.util.stream.Collectors;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * ETSI baseline levels by the short names clients send ({@code B-B}, {@code B-T}, ...). B-T adds a
 * signature time-stamp, B-LT the certificates and CRLs needed to validate later, B-LTA an archive
 * time-stamp over all of it. The extension API also accepts the short names {@code T}, {@code LT},
 * {@code LTA}.
 */
public enum BaselineLevel {

    B_B("B-B"),
    B_T("B-T"),
    B_LT("B-LT"),
    B_LTA("B-LTA");

    private final String apiName;

    BaselineLevel(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** Whether this level needs a time-stamp (everything above B-B). */
    public boolean timestamped() {
        return this != B_B;
    }

    /** The DSS level for this baseline level in the given format (ASiC-E carries the inner format's level). */
    public SignatureLevel forFormat(SignatureFormat format) {
        return switch (format) {
            case PADES -> pick(SignatureLevel.PAdES_BASELINE_B, SignatureLevel.PAdES_BASELINE_T,
                    SignatureLevel.PAdES_BASELINE_LT, SignatureLevel.PAdES_BASELINE_LTA);
            case XADES, ASIC_E_XADES -> pick(SignatureLevel.XAdES_BASELINE_B, SignatureLevel.XAdES_BASELINE_T,
                    SignatureLevel.XAdES_BASELINE_LT, SignatureLevel.XAdES_BASELINE_LTA);
            case CADES, ASIC_E_CADES -> pick(SignatureLevel.CAdES_BASELINE_B, SignatureLevel.CAdES_BASELINE_T,
                    SignatureLevel.CAdES_BASELINE_LT, SignatureLevel.CAdES_BASELINE_LTA);
            case JADES -> pick(SignatureLevel.JAdES_BASELINE_B, SignatureLevel.JAdES_BASELINE_T,
                    SignatureLevel.JAdES_BASELINE_LT, SignatureLevel.JAdES_BASELINE_LTA);
        };
    }

    private SignatureLevel pick(SignatureLevel b, SignatureLevel t, SignatureLevel lt, SignatureLevel lta) {
        return switch (this) {
            case B_B -> b;
            case B_T -> t;
            case B_LT -> lt;
            case B_LTA -> lta;
        };
    }

    public static BaselineLevel fromApiName(String name) {
        return Arrays.stream(values())
                .filter(l -> l.apiName.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new SignetException(ProblemType.UNSUPPORTED_PARAMETER,
                        "Unsupported level '" + name + "'; supported: "
                                + Arrays.stream(values()).map(BaselineLevel::apiName).collect(Collectors.joining(", "))));
    }

    /** A target level for extension: {@code T}, {@code LT}, {@code LTA} (or the {@code B-} names of those). */
    public static BaselineLevel extensionTarget(String name) {
        String trimmed = name == null ? "" : name.trim();
        String full = trimmed.regionMatches(true, 0, "B-", 0, 2) ? trimmed : "B-" + trimmed;
        return Arrays.stream(values())
                .filter(BaselineLevel::timestamped)
                .filter(l -> l.apiName.equalsIgnoreCase(full))
                .findFirst()
                .orElseThrow(() -> new SignetException(ProblemType.UNSUPPORTED_PARAMETER,
                        "Unsupported extension level '" + name + "'; supported: T, LT, LTA"));
    }
}
