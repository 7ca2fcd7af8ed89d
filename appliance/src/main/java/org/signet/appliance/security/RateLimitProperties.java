package org.signet.appliance.security;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-client request limits (token bucket): each client (token subject; the remote address for
 * anonymous calls) may make {@code capacity} requests at once and regains {@code refill} requests
 * every {@code period}. Limits are per replica.
 *
 * @param enabled  whether limits apply
 * @param capacity burst size
 * @param refill   requests regained per period
 * @param period   refill period
 */
@Validated
@ConfigurationProperties("signet.security.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("120") @Min(1) long capacity,
        @DefaultValue("60") @Min(1) long refill,
        @DefaultValue("10s") @NotNull Duration period) {

    public RateLimitProperties {
        if (period != null && (period.isNegative() || period.isZero())) {
            throw new IllegalArgumentException("signet.security.rate-limit.period must be positive");
        }
    }
}
