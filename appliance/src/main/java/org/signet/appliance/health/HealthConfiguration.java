package org.signet.appliance.health;

import java.time.Clock;
import java.time.Duration;

import org.signet.core.hsm.HsmToken;
import org.signet.signer.SignerProperties;
import org.signet.tsa.TsaProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Health contributors for the parts the appliance depends on ({@code hsm}, {@code approvalStore};
 * {@code db} comes from Spring Boot). Which of them make up readiness: {@link HealthGroupsEnvironmentPostProcessor}.
 */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

    @Bean
    @Conditional(HsmInUse.class)
    HsmHealthIndicator hsmHealthIndicator(HsmToken token, ObjectProvider<SignerProperties> signer,
            ObjectProvider<TsaProperties> tsa, @Value("${signet.health.hsm-check-interval:5s}") Duration interval) {
        SignerProperties signing = signer.getIfAvailable();
        String key = signing != null ? signing.defaultCredential() : tsa.getObject().keyLabel();
        return new HsmHealthIndicator(token, key, interval, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "signet.approval.enabled", matchIfMissing = true)
    @ConditionalOnProperty(name = "signet.approval.store", havingValue = "redis")
    ApprovalStoreHealthIndicator approvalStoreHealthIndicator(@Qualifier("approvalRedisConnection") LettuceConnectionFactory redis) {
        return new ApprovalStoreHealthIndicator(redis);
    }

    /**
     * The roles that open the HSM (signer or TSA), decided on properties: {@code @ConditionalOnBean}
     * in an application configuration is evaluated before the role configurations register the token.
     */
    static final class HsmInUse extends AnyNestedCondition {

        HsmInUse() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBooleanProperty(name = "signet.signer.enabled", matchIfMissing = true)
        static final class Signer {
        }

        @ConditionalOnBooleanProperty(name = "signet.tsa.enabled", matchIfMissing = true)
        static final class Tsa {
        }
    }
}
