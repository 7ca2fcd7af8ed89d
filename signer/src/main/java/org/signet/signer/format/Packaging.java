package org.signet.signer.format;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * How a signature sits relative to the signed data, by the names clients send in {@code packaging}.
 * Which values a format accepts is up to its {@link FormatSigner}.
 */
public enum Packaging {

    /** Signature inside the signed XML document (XAdES). */
    ENVELOPED("enveloped"),
    /** Signed data inside the signature (XAdES). */
    ENVELOPING("enveloping"),
    /** Signature in a file of its own that references the data (XAdES, CAdES .p7s). */
    DETACHED("detached"),
    /** JWS compact serialisation (JAdES): header.payload.signature. */
    COMPACT("compact"),
    /** JWS JSON serialisation (JAdES). */
    JSON("json");

    private final String apiName;

    Packaging(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Packaging fromApiName(String name) {
        return Arrays.stream(values())
                .filter(p -> p.apiName.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new SignetException(ProblemType.UNSUPPORTED_PARAMETER,
                        "Unsupported packaging '" + name + "'; supported: "
                                + Arrays.stream(values()).map(Packaging::apiName).collect(Collectors.joining(", "))));
    }
}
