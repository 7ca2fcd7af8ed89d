package org.signet.appliance.security;

import java.net.URI;
import java.nio.file.Path;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Which bearer tokens Signet accepts. Exactly one key source: the issuer's JWKS URL (production IdP)
 * or a PEM public key file (the embedded development issuer).
 *
 * @param issuer        required {@code iss} claim
 * @param audience      required entry of the {@code aud} claim
 * @param jwkSetUri     the issuer's JWKS endpoint; wins over {@code publicKeyFile} when set
 * @param publicKeyFile PEM RSA public key of the issuer (RS256 tokens)
 * @param rolesClaim    claim that lists the caller's roles
 */
@Validated
@ConfigurationProperties("signet.security.tokens")
public record TokenProperties(
        @NotBlank String issuer,
        @NotBlank String audience,
        URI jwkSetUri,
        Path publicKeyFile,
        @NotBlank String rolesClaim) {

    public TokenProperties {
        if (jwkSetUri == null && publicKeyFile == null) {
            throw new IllegalArgumentException("signet.security.tokens needs jwk-set-uri or public-key-file");
        }
    }
}
