package org.signet.appliance.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers bearer tokens that the full decoder accepted, so that a portal sending the same token
 * with every request pays the RSA signature check and claim conversion once, not per request (about
 * a tenth of a CSC signHash request's CPU, issue 10). Only accepted tokens are kept, keyed by the
 * whole token text (signature included), and only until the earlier of their {@code exp} and
 * {@code maxAge} after they were checked; after that the full decoder decides again. Rejections are
 * never cached. {@code maxAge} bounds how long a token keeps working after its issuer's key is
 * withdrawn from the JWK set.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private record Accepted(Jwt jwt, Instant until) {
    }

    private final JwtDecoder delegate;
    private final Clock clock;
    private final Duration maxAge;
    private final int maxEntries;
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder delegate, Clock clock, Duration maxAge, int maxEntries) {
        this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge cannot be null");
        this.maxEntries = maxEntries;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Accepted hit = token == null ? null : accepted.get(token);
        if (hit != null) {
            if (now.isBefore(hit.until())) {
                return hit.jwt();
            }
            accepted.remove(token, hit);
        }
        Jwt jwt = delegate.decode(token);
        Instant until = now.plus(maxAge);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        if (now.isBefore(until)) {
            if (accepted.size() >= maxEntries) {
                accepted.values().removeIf(entry -> !now.isBefore(entry.until()));
                if (accepted.size() >= maxEntries) {
                    accepted.clear();
                }
            }
            accepted.put(token, new Accepted(jwt, until));
        }
        return jwt;
    }

    int size() {
        return accepted.size();
    }
}
