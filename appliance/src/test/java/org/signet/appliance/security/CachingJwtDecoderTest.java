package org.signet.appliance.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cache in front of the real Nimbus decoder (real RSA keys and signatures): an accepted token is
 * checked once, a rejected one every time, and nothing is served past its expiry or the maximum age.
 */
class CachingJwtDecoderTest {

    private static final KeyPair ISSUER = keyPair();
    private static final KeyPair STRANGER = keyPair();

    private final AtomicInteger fullChecks = new AtomicInteger();
    private final JwtDecoder counted = token -> {
        fullChecks.incrementAndGet();
        NimbusJwtDecoder real = NimbusJwtDecoder.withPublicKey((RSAPublicKey) ISSUER.getPublic()).build();
        real.setJwtValidator(JwtValidators.createDefault());
        return real.decode(token);
    };

    @Test
    void decodeWhenSameTokenAgainThenCheckedOnce() {
        MutableClock clock = new MutableClock(Instant.now());
        CachingJwtDecoder decoder = new CachingJwtDecoder(counted, clock, Duration.ofSeconds(60), 100);
        String token = mint(ISSUER, "portal-1", Instant.now().plusSeconds(600));
        Jwt first = decoder.decode(token);
        Jwt second = decoder.decode(token);
        assertThat(second.getSubject()).isEqualTo("portal-1");
        assertThat(second).isSameAs(first);
        assertThat(fullChecks).hasValue(1);
    }

    @Test
    void decodeWhenRejectedThenRejectedEveryTimeAndNotKept() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(counted, Clock.systemUTC(), Duration.ofSeconds(60), 100);
        String forged = mint(STRANGER, "portal-1", Instant.now().plusSeconds(600));
        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(JwtException.class);
        assertThat(fullChecks).hasValue(2);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void decodeWhenPastExpiryThenAskedAgainEveryTime() {
        Instant now = Instant.now();
        MutableClock clock = new MutableClock(now);
        CachingJwtDecoder decoder = new CachingJwtDecoder(counted, clock, Duration.ofMinutes(10), 100);
        String token = mint(ISSUER, "portal-1", now.plusSeconds(30));
        decoder.decode(token);
        clock.now = now.plusSeconds(31);
        // The cache no longer answers: the real decoder decides (it still accepts within its own clock skew),
        decoder.decode(token);
        assertThat(fullChecks).hasValue(2);
        // and is asked again on every later call: nothing is kept past exp.
        decoder.decode(token);
        assertThat(fullChecks).hasValue(3);
    }

    @Test
    void decodeWhenOlderThanMaxAgeThenCheckedAgain() {
        Instant now = Instant.now();
        MutableClock clock = new MutableClock(now);
        CachingJwtDecoder decoder = new CachingJwtDecoder(counted, clock, Duration.ofSeconds(60), 100);
        String token = mint(ISSUER, "portal-1", now.plusSeconds(3600));
        decoder.decode(token);
        clock.now = now.plusSeconds(59);
        decoder.decode(token);
        assertThat(fullChecks).hasValue(1);
        clock.now = now.plusSeconds(61);
        decoder.decode(token);
        assertThat(fullChecks).hasValue(2);
    }

    @Test
    void decodeWhenManyTokensThenBounded() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(counted, Clock.systemUTC(), Duration.ofSeconds(60), 4);
        for (int i = 0; i < 10; i++) {
            decoder.decode(mint(ISSUER, "portal-" + i, Instant.now().plusSeconds(600)));
        }
        assertThat(decoder.size()).isLessThanOrEqualTo(4);
    }

    private static String mint(KeyPair keyPair, String subject, Instant expiry) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject(subject)
                    .issueTime(new Date()).expirationTime(Date.from(expiry)).build());
            jwt.sign(new RSASSASigner((RSAPrivateKey) keyPair.getPrivate()));
            return jwt.serialize();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static final class MutableClock extends Clock {

        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
