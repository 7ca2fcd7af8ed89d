package org.signet.appliance.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.signet.core.hsm.HsmToken;
import org.signet.core.hsm.TokenKey;

/**
 * Days left before the certificate of each key in the HSM expires (seal, officer, citizen, TSA,
 * audit, and keys created through the credential API), as {@code signet.certificate.expiry.days}
 * tagged with the key label: an operator alerts on it well before a TSA or audit key stops working.
 * The gauges read the token at scrape time, so new keys appear without a restart.
 */
public final class KeyExpiryMetrics implements MeterBinder {

    private final HsmToken token;
    private final Clock clock;

    public KeyExpiryMetrics(HsmToken token, Clock clock) {
        this.token = Objects.requireNonNull(token, "token cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TokenKey key : token.listKeys()) {
            String label = key.label();
            Gauge.builder("signet.certificate.expiry.days", () -> daysLeft(label))
                    .description("Days until the certificate of this HSM key expires (negative: expired; NaN: key gone)")
                    .tag("key", label)
                    .register(registry);
        }
    }

    private double daysLeft(String label) {
        return token.findKey(label)
                .map(key -> (double) Duration.between(clock.instant(), key.certificate().getNotAfter().toInstant()).toDays())
                .orElse(Double.NaN);
    }
}
