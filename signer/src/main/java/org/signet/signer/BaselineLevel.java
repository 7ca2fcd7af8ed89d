package org.signet.signer;

import java.util.Arrays;
import java.util.stream.Collectors;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * ETSI baseline levels by the short names clients send ({@code B-B}, ...). Only levels that Signet
 * can produce today are listed; the long-term levels arrive with the time-stamping authority.
 */
public enum BaselineLevel {

    B_B("B-B");

    private final String apiName;

    BaselineLevel(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** The DSS level for this baseline level in the given format. */
    public SignatureLevel forFormat(SignatureFormat format) {
        return switch (this) {
            case B_B -> switch (format) {
                case PADES -> SignatureLevel.PAdES_BASELINE_B;
                case XADES, ASIC_E_XADES -> SignatureLevel.XAdES_BASELINE_B;
                case CADES, ASIC_E_CADES -> SignatureLevel.CAdES_BASELINE_B;
                case JADES -> SignatureLevel.JAdES_BASELINE_B;
            };
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
}
