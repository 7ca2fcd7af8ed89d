package org.signet.appliance.metrics;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.signet.approval.store.ApprovalStore;
import org.signet.core.hsm.HsmToken;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Signet's own meters next to Spring Boot's (HTTP latency histograms, JVM, pools). The sign,
 * validation and time-stamp timers come from observations in those modules ({@code signet.sign},
 * {@code signet.validation}, {@code signet.timestamp}); docs/operations.md lists every series.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    /** Key expiry gauges where this instance has an HSM (signer role); nothing on a verifier-only pod. */
    @Bean
    MeterBinder keyExpiryMetrics(ObjectProvider<HsmToken> token) {
        return registry -> token.ifAvailable(hsm -> new KeyExpiryMetrics(hsm, Clock.systemUTC()).bindTo(registry));
    }

    /** Told by the HSM token about failures and recoveries (picked up by HsmConfiguration). */
    @Bean
    HsmMetrics hsmMetrics(MeterRegistry registry) {
        return new HsmMetrics(registry);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "signet.approval.enabled", matchIfMissing = true)
    ApprovalMetrics approvalMetrics(ApprovalStore store) {
        return new ApprovalMetrics(store);
    }
}
