package org.signet.appliance.metrics;

import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.signet.core.hsm.HsmObserver;

/**
 * Counts HSM failures as {@code signet.hsm.errors} (tags {@code operation}: sign, find-key, list-keys,
 * status, ...; {@code reason}: the PKCS#11 return code name such as {@code CKR_SESSION_HANDLE_INVALID},
 * or {@code unavailable} while the token is known to be gone) and token re-opens as
 * {@code signet.hsm.recoveries} ({@code result}: reopened, reinitialised, failed). Both tag sets are
 * small and fixed; no key label, credential or document reaches a tag.
 */
public final class HsmMetrics implements HsmObserver {

    private final MeterRegistry registry;

    public HsmMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
    }

    @Override
    public void operationFailed(String operation, String reason) {
        Counter.builder("signet.hsm.errors").description("HSM operations that failed, by operation and PKCS#11 reason")
                .tag("operation", operation).tag("reason", reason).register(registry).increment();
    }

    @Override
    public void recovered(boolean reinitialised) {
        recovery(reinitialised ? "reinitialised" : "reopened");
    }

    @Override
    public void recoveryFailed(String reason) {
        recovery("failed");
    }

    private void recovery(String result) {
        Counter.builder("signet.hsm.recoveries").description("Attempts to re-open the HSM token after a failure")
                .tag("result", result).register(registry).increment();
    }
}
