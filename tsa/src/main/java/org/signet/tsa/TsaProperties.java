package org.signet.tsa;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the time-stamping authority (RFC 3161, ETSI EN 319 422 profile).
 *
 * @param keyLabel         label of the TSA key in the HSM; its certificate must carry the critical
 *                         timeStamping extended key usage
 * @param chainFile        PEM file with the CA certificates after the TSA certificate
 * @param policyOid        TSA policy in every token (default: ETSI baseline time-stamp policy)
 * @param accuracy         accuracy stated in every token; at most one second per EN 319 422
 * @param hashAlgorithms   message-imprint algorithms accepted; any other is answered with badAlg
 */
@Validated
@ConfigurationProperties("signet.tsa")
public record TsaProperties(
        @DefaultValue("tsa") @NotBlank String keyLabel,
        @NotNull Path chainFile,
        @DefaultValue("0.4.0.2023.1.1") @Pattern(regexp = "\\d+(\\.\\d+)+") String policyOid,
        @DefaultValue("1s") @NotNull Duration accuracy,
        @DefaultValue({ "SHA256", "SHA384", "SHA512" }) @NotEmpty List<@NotBlank String> hashAlgorithms) {

    public TsaProperties {
        if (accuracy != null && (accuracy.isNegative() || accuracy.isZero() || accuracy.compareTo(Duration.ofSeconds(1)) > 0)) {
            throw new IllegalArgumentException("signet.tsa.accuracy must be positive and at most 1 second");
        }
    }
}
