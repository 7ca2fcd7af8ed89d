package org.signet.tsa;

import org.springframework.beans.factory.ObjectProvider;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;

import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.HsmConfiguration;
import org.signet.core.hsm.HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.tsa.web.TsaController;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The time-stamping authority: needs the HSM (TSA key) and the shared database (serial numbers).
 * Off with {@code signet.tsa.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "signet.tsa.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TsaProperties.class)
@Import(HsmConfiguration.class)
public class TsaConfiguration {

    @Bean
    TimeStampAuthority timeStampAuthority(HsmToken token, TsaProperties properties, JdbcTemplate jdbc,
            AuditTrail auditTrail, ObjectProvider<ObservationRegistry> observations) {
        return new TimeStampAuthority(token, properties, PemCertificates.loadFile(properties.chainFile()),
                new DatabaseSerialNumberSource(jdbc), auditTrail, Clock.systemUTC(),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    /** Signet's own TSA as DSS's time-stamp source, for B-T and later levels and audit checkpoints. */
    @Bean
    TSPSource tspSource(TimeStampAuthority authority) {
        return new LocalTspSource(authority, "signet");
    }

    @Bean
    TsaController tsaController(TimeStampAuthority authority) {
        return new TsaController(authority);
    }
}
