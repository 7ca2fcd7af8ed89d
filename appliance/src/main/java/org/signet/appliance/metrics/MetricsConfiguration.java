package org.signet.appliance.metrics;

import java.time.Clock;

import org.signet.core.hsm.HsmToken;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Signet's own meters next to Spring Boot's (HTTP latency histograms, JVM, pools). */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    /** Key expiry gauges where this instance has an HSM (signer role); nothing on a verifier-only pod. */
    @Bean
    MeterBinder keyExpiryMetrics(ObjectProvider<HsmToken> token) {
        return registry -> token.ifAvailable(hsm -> new KeyExpiryMetrics(hsm, Clock.systemUTC()).bindTo(registry));
    }
}
