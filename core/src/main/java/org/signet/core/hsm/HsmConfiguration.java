package org.signet.core.hsm;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the HSM token once per application. Imported only by roles that sign; the verifier never
 * touches the HSM.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HsmProperties.class)
public class HsmConfiguration {

    @Bean(destroyMethod = "close")
    HsmToken hsmToken(HsmProperties properties, ObjectProvider<HsmObserver> observer) {
        return Pkcs11HsmToken.open(properties, observer.getIfAvailable(() -> HsmObserver.NONE));
    }
}
