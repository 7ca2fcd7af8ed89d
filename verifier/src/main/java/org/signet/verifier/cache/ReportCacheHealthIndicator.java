package org.signet.verifier.cache;

import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the validation report cache ({@code validationCache}): DOWN while a configured Redis does
 * not answer. Validation keeps working meanwhile, only uncached.
 */
public final class ReportCacheHealthIndicator extends AbstractHealthIndicator {

    private final ReportCache cache;

    public ReportCacheHealthIndicator(ReportCache cache) {
        super("Validation report cache health check failed");
        this.cache = Objects.requireNonNull(cache, "cache cannot be null");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("type", cache.kind());
        if (cache.isAvailable()) {
            builder.up();
        }
        else {
            builder.down();
        }
    }
}
