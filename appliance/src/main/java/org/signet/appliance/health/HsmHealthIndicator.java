package org.signet.appliance.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.signet.core.hsm.HsmException;
import org.signet.core.hsm.HsmToken;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP when the token answers, a pooled session is logged in, and the token holds the key this
 * instance needs (the default signing credential's, or the TSA's); DOWN otherwise, so the instance
 * leaves the load balancer while the HSM is unusable. The check makes no signature (C_GetTokenInfo
 * and C_FindObjects on a pooled session) and its answer is reused for {@code cacheFor}, so frequent
 * probes from several places cost the HSM at most one check per interval. A failing check also
 * drives the token's own recovery ({@link HsmToken} re-opens it), so readiness comes back by itself.
 */
public final class HsmHealthIndicator implements HealthIndicator {

    private final HsmToken token;
    private final String keyLabel;
    private final Duration cacheFor;
    private final Clock clock;

    private volatile Health last;
    private volatile Instant checkedAt = Instant.MIN;

    public HsmHealthIndicator(HsmToken token, String keyLabel, Duration cacheFor, Clock clock) {
        this.token = Objects.requireNonNull(token, "token cannot be null");
        this.keyLabel = Objects.requireNonNull(keyLabel, "keyLabel cannot be null");
        this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Health cached = last;
        if (cached != null && now.isBefore(checkedAt.plus(cacheFor))) {
            return cached;
        }
        Health fresh = check();
        last = fresh;
        checkedAt = now;
        return fresh;
    }

    private Health check() {
        try {
            if (token.hasKey(keyLabel)) {
                return Health.up().withDetail("key", keyLabel).build();
            }
            return Health.down().withDetail("missingKey", keyLabel).build();
        }
        catch (HsmException ex) {
            // the message names the token and the PKCS#11 code, never a PIN
            return Health.down().withDetail("error", ex.getMessage()).build();
        }
    }
}
