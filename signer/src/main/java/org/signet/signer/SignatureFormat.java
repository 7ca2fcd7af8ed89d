package org.signet.signer;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/** The signature formats the document API produces, by the names clients send. */
public enum SignatureFormat {

    PADES("PAdES"),
    XADES("XAdES"),
    CADES("CAdES"),
    JADES("JAdES"),
    ASIC_E_XADES("ASiC-E-XAdES"),
    ASIC_E_CADES("ASiC-E-CAdES");

    private final String apiName;

    SignatureFormat(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** Parses the client's name (case-insensitive); an unknown one is a 400 naming the choices. */
    public static SignatureFormat fromApiName(String name) {
        return Arrays.stream(values())
                .filter(f -> f.apiName.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new SignetException(ProblemType.UNSUPPORTED_PARAMETER,
                        "Unsupported format '" + name + "'; supported: "
                                + Arrays.stream(values()).map(SignatureFormat::apiName).collect(Collectors.joining(", "))));
    }
}
