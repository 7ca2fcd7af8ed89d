package org.signet.core.pki.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves the published CA certificates and CRLs under {@code /pki/}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PkiPublicationProperties.class)
public class PkiPublicationConfiguration {

    @Bean
    PkiPublicationController pkiPublicationController(PkiPublicationProperties properties) {
        return new PkiPublicationController(properties);
    }
}
