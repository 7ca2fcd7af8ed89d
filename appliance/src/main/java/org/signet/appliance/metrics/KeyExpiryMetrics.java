package org.signet.appliance.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.signet.core.hsm.HsmToken;
import org.signet.core.hsm.TokenKey;

/**
 * Days left before certificates in the HSM expire, so an operator alerts well before a TSA, audit or
 * seal key stops working.
 * <ul>
 * <li>{@code signet.certificate.expiry.days{key=<label>}} for the keys provisioned with the appliance
 * (seal, officer, citizen, tsa, audit: a small, operator-chosen set), read from the token at scrape time;</li>
 * <li>credentials created through the API (token labels {@code cred-<id>}, possibly one per citizen)
 * are never a label value — that would make the series count grow with the citizens and put their
 * identifiers into the metrics system. They are summarised instead:
 * {@code signet.credential.certificate.expiry.min.days} (the soonest) and
 * {@code signet.credential.certificates.expiring{within="30d"}} (how many expire within 30 days, or have),
 * from one key listing cached for a minute.</li>
 * </ul>
 */
public final class KeyExpiryMetrics implements MeterBinder {

    static final String CREATED_PREFIX = "cred-";
    private static final Duration SUMMARY_CACHE = Duration.ofMinutes(1);

    private final HsmToken token;
    private final Clock clock;
    private volatile List<Instant> createdNotAfter = List.of();
    private volatile Instant listedAt = Instant.MIN;

    public KeyExpiryMetrics(HsmToken token, Clock clock) {
        this.token = Objects.requireNonNull(token, "token cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TokenKey key : token.listKeys()) {
            String label = key.label();
            if (label.startsWith(CREATED_PREFIX)) {
                continue;
            }
            Gauge.builder("signet.certificate.expiry.days", () -> daysLeft(label))
                    .description("Days until the certificate of this HSM key expires (negative: expired; NaN: key gone)")
                    .tag("key", label)
                    .register(registry);
        }
        Gauge.builder("signet.credential.certificate.expiry.min.days", this::soonestCreated)
                .description("Days until the first certificate of an API-created credential expires (NaN: none)")
                .register(registry);
        Gauge.builder("signet.credential.certificates.expiring", () -> expiringCreated(Duration.ofDays(30)))
                .description("API-created credentials whose certificate expires within 30 days or has expired")
                .tag("within", "30d")
                .register(registry);
    }

    private double daysLeft(String label) {
        try {
            return token.findKey(label)
                    .map(key -> (double) Duration.between(clock.instant(), key.certificate().getNotAfter().toInstant()).toDays())
                    .orElse(Double.NaN);
        }
        catch (RuntimeException ex) {
            return Double.NaN; // HSM unusable: readiness and signet.hsm.errors say so
        }
    }

    private double soonestCreated() {
        Instant now = clock.instant();
        return created().stream().map(notAfter -> (double) Duration.between(now, notAfter).toDays())
                .min(Double::compare).orElse(Double.NaN);
    }

    private double expiringCreated(Duration within) {
        Instant limit = clock.instant().plus(within);
        return created().stream().filter(notAfter -> notAfter.isBefore(limit)).count();
    }

    private List<Instant> created() {
        Instant now = clock.instant();
        if (now.isAfter(listedAt.plus(SUMMARY_CACHE))) {
            try {
                createdNotAfter = token.listKeys().stream().filter(key -> key.label().startsWith(CREATED_PREFIX))
                        .map(key -> key.certificate().getNotAfter().toInstant()).toList();
                listedAt = now;
            }
            catch (RuntimeException ex) {
                return createdNotAfter;
            }
        }
        return createdNotAfter;
    }
}
