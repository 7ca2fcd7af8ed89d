package org.signet.verifier;

import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import org.signet.core.audit.AuditTrail;
import org.signet.verifier.trust.TrustConfiguration;
import org.signet.verifier.web.ValidationController;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The validation role. Needs no HSM; switched off with {@code signet.verifier.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "signet.verifier.enabled", matchIfMissing = true)
@EnableConfigurationProperties(VerifierProperties.class)
public class VerifierConfiguration {

    @Bean
    ValidationService validationService(VerifierProperties properties, AuditTrail auditTrail) {
        // The policy is parsed once; DSS would otherwise re-read its default policy XML per document.
        ValidationPolicy policy = ValidationPolicyLoader.fromDefaultValidationPolicy().create();
        return new ValidationService(TrustConfiguration.certificateVerifier(properties), policy, auditTrail);
    }

    @Bean
    ValidationController validationController(ValidationService validationService) {
        return new ValidationController(validationService);
    }
}
