package org.signet.appliance.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * Builds the JWT decoder and the roles mapping from {@link TokenProperties}: signature, expiry,
 * issuer and audience are all checked before a token means anything.
 */
final class TokenDecoding {

    /** How long an accepted token is served from memory before the full check runs again. */
    static final Duration ACCEPTED_TOKEN_MAX_AGE = Duration.ofSeconds(60);

    private TokenDecoding() {
    }

    static JwtDecoder decoder(TokenProperties properties) {
        NimbusJwtDecoder decoder = properties.jwkSetUri() != null
                ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString()).build()
                : NimbusJwtDecoder.withPublicKey(readPublicKey(properties)).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(properties.audience()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()), audience));
        return new CachingJwtDecoder(decoder, Clock.systemUTC(), ACCEPTED_TOKEN_MAX_AGE, 10_000);
    }

    static Converter<Jwt, AbstractAuthenticationToken> authentication(TokenProperties properties) {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(properties.rolesClaim());
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    private static RSAPublicKey readPublicKey(TokenProperties properties) {
        try (InputStream in = Files.newInputStream(properties.publicKeyFile())) {
            return RsaKeyConverters.x509().convert(in);
        }
        catch (IOException | IllegalArgumentException ex) {
            throw new IllegalStateException("Cannot read the token issuer's public key " + properties.publicKeyFile()
                    + " (./signet run creates the development one)", ex);
        }
    }
}
