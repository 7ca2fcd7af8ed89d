package org.signet.appliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A development issuer for tests: an RSA key pair made per test run, whose public key the
 * application is configured to trust, and a minter for bearer tokens with chosen claims.
 */
final class TestTokens {

    static final String ISSUER = "urn:signet:dev-issuer";
    static final String AUDIENCE = "signet";

    private final KeyPair keyPair;
    private final Path publicKeyFile;

    private TestTokens(KeyPair keyPair, Path publicKeyFile) {
        this.keyPair = keyPair;
        this.publicKeyFile = publicKeyFile;
    }

    static TestTokens create() {
        try {
            KeyPair keyPair = newKeyPair();
            Path file = Files.createTempFile("signet-test-issuer", ".pem");
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keyPair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(file, pem);
            file.toFile().deleteOnExit();
            return new TestTokens(keyPair, file);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    Path publicKeyFile() {
        return publicKeyFile;
    }

    String forRole(String role) {
        return mint(keyPair, ISSUER, AUDIENCE, "test-" + role, List.of(role), Instant.now().plusSeconds(600));
    }

    String forSubject(String subject, String role) {
        return mint(keyPair, ISSUER, AUDIENCE, subject, List.of(role), Instant.now().plusSeconds(600));
    }

    String expired(String role) {
        return mint(keyPair, ISSUER, AUDIENCE, "test-" + role, List.of(role), Instant.now().minusSeconds(3600));
    }

    String withAudience(String role, String audience) {
        return mint(keyPair, ISSUER, audience, "test-" + role, List.of(role), Instant.now().plusSeconds(600));
    }

    /** A token with a chosen subject and extra claims (for example {@code azp}), for tenancy tests. */
    String forSubject(String subject, String role, java.util.Map<String, Object> extraClaims) {
        return mint(keyPair, ISSUER, AUDIENCE, subject, List.of(role), Instant.now().plusSeconds(600), extraClaims);
    }

    static String signedByStranger(String role) {
        return mint(newKeyPair(), ISSUER, AUDIENCE, "stranger", List.of(role), Instant.now().plusSeconds(600));
    }

    private static String mint(KeyPair keyPair, String issuer, String audience, String subject, List<String> roles,
            Instant expiry) {
        return mint(keyPair, issuer, audience, subject, roles, expiry, java.util.Map.of());
    }

    private static String mint(KeyPair keyPair, String issuer, String audience, String subject, List<String> roles,
            Instant expiry, java.util.Map<String, Object> extraClaims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        extraClaims.forEach(builder::claim);
        JWTClaimsSet claims = builder
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .claim("roles", roles)
                .issueTime(Date.from(expiry.minusSeconds(900)))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner((RSAPrivateKey) keyPair.getPrivate()));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
