package org.signet.appliance.health;

import org.signet.core.hsm.HsmToken;
import org.signet.signer.SignerProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health contributors for the parts the appliance depends on. */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

    @Bean
    @ConditionalOnBean(HsmToken.class)
    HsmHealthIndicator hsmHealthIndicator(HsmToken token, SignerProperties signerProperties) {
        return new HsmHealthIndicator(token, signerProperties);
    }
}
