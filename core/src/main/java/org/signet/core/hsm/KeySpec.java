package org.signet.core.hsm;

import java.util.Arrays;
import java.util.stream.Collectors;

import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/** The key types Signet generates in the HSM for signing credentials, by the names operators use. */
public enum KeySpec {

    RSA_2048("RSA-2048", EncryptionAlgorithm.RSA, 2048, null),
    RSA_3072("RSA-3072", EncryptionAlgorithm.RSA, 3072, null),
    EC_P256("EC-P256", EncryptionAlgorithm.ECDSA, 256, SECObjectIdentifiers.secp256r1),
    EC_P384("EC-P384", EncryptionAlgorithm.ECDSA, 384, SECObjectIdentifiers.secp384r1);

    private final String apiName;
    private final EncryptionAlgorithm algorithm;
    private final int bits;
    private final ASN1ObjectIdentifier curve;

    KeySpec(String apiName, EncryptionAlgorithm algorithm, int bits, ASN1ObjectIdentifier curve) {
        this.apiName = apiName;
        this.algorithm = algorithm;
        this.bits = bits;
        this.curve = curve;
    }

    public String apiName() {
        return apiName;
    }

    public EncryptionAlgorithm algorithm() {
        return algorithm;
    }

    public int bits() {
        return bits;
    }

    /** The named curve for EC keys, null for RSA. */
    public ASN1ObjectIdentifier curve() {
        return curve;
    }

    public static KeySpec fromApiName(String name) {
        return Arrays.stream(values())
                .filter(k -> k.apiName.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "Unsupported key type '" + name
                        + "'; supported: " + Arrays.stream(values()).map(KeySpec::apiName).collect(Collectors.joining(", "))));
    }
}
