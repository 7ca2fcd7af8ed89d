package org.signet.approval;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import org.signet.approval.store.ApprovalStore;
import org.signet.approval.store.InMemoryApprovalStore;
import org.signet.approval.store.RedisApprovalStore;
import org.signet.approval.store.RedisConnections;
import org.signet.approval.totp.TotpApprovals;
import org.signet.approval.totp.TotpSecrets;
import org.signet.approval.web.ApprovalPageController;
import org.signet.approval.web.ApprovalPageHeaders;
import org.signet.approval.web.PortalApprovalController;
import org.signet.approval.webauthn.Enrolments;
import org.signet.approval.webauthn.PasskeyApprovals;
import org.signet.approval.webauthn.PasskeyRepository;
import org.signet.approval.webauthn.WebAuthnPolicy;
import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.HsmException;
import org.signet.core.hsm.HsmToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Citizen approvals (sole control): the shared store (memory or Redis), SAD issuing, passkeys and TOTP,
 * the approval pages and the portal API. Off with {@code signet.approval.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "signet.approval.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ApprovalProperties.class)
public class ApprovalConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApprovalConfiguration.class);

    /** Redis connection of the approval store, only when {@code signet.approval.store=redis}. */
    @Bean(destroyMethod = "destroy")
    @ConditionalOnProperty(name = "signet.approval.store", havingValue = "redis")
    LettuceConnectionFactory approvalRedisConnection(ApprovalProperties properties) {
        return RedisConnections.connect(properties.redisUrl(), Duration.ofSeconds(2));
    }

    @Bean
    ApprovalStore approvalStore(ApprovalProperties properties, ObjectProvider<LettuceConnectionFactory> redis,
            ObjectProvider<Clock> clock) {
        if (properties.store() == ApprovalProperties.StoreKind.REDIS) {
            return new RedisApprovalStore(new StringRedisTemplate(redis.getObject()), JsonMapper.builder().build(),
                    properties.redisKeyPrefix());
        }
        return new InMemoryApprovalStore(clock.getIfAvailable(Clock::systemUTC));
    }

    /** Until the signer's credential store answers, no credential is a citizen credential (fail closed). */
    @Bean
    @Fallback
    CitizenCredentials noCitizenCredentials() {
        return credentialId -> java.util.Optional.<CitizenCredential>empty();
    }

    @Bean
    SignatureActivation signatureActivation(ApprovalStore store, AuditTrail audit, ApprovalProperties properties) {
        return new SignatureActivation(store, audit, JsonMapper.builder().build(), properties.sadTtl());
    }

    @Bean(destroyMethod = "close")
    CallbackNotifier approvalCallbacks(ApprovalProperties properties) {
        boolean enabled = !properties.callbackUrls().isEmpty() && properties.callbackKeyFile() != null;
        return new CallbackNotifier(properties.callbackUrls(),
                enabled ? CallbackNotifier.loadOrCreateKey(properties.callbackKeyFile()) : null,
                properties.callbackAttempts(), properties.callbackBackoff());
    }

    @Bean
    ApprovalService approvalService(ApprovalStore store, CitizenCredentials citizens, SignatureActivation activation,
            ObjectProvider<ApprovalCompletion> completions, AuditTrail audit, ApprovalProperties properties,
            ObjectProvider<Clock> clock, CallbackNotifier callbacks, ObjectProvider<ApprovalListener> listeners) {
        return new ApprovalService(store, citizens, activation, completions.orderedStream().toList(), audit, properties,
                clock.getIfAvailable(Clock::systemUTC), callbacks, listeners.orderedStream().toList());
    }

    /**
     * The portal's long poll; its own timer thread re-reads waiting requests every 200 ms, so no request
     * thread waits. The timer is not a bean (a ScheduledExecutorService bean would become Spring's task scheduler).
     */
    @Bean(destroyMethod = "close")
    ApprovalLongPoll approvalLongPoll(ApprovalService approvals, ApprovalProperties properties) {
        return new ApprovalLongPoll(approvals, properties.maxWait(), Duration.ofMillis(200),
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "approval-long-poll");
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    /** Signs approved requests at once when the signer role provides a {@link CitizenSigner}. */
    @Bean
    HashSigningCompletion hashSigningCompletion(SignatureActivation activation, ObjectProvider<CitizenSigner> signer,
            ObjectProvider<ApprovalService> approvals, AuditTrail audit) {
        return new HashSigningCompletion(activation, signer, approvals, audit);
    }

    @Bean
    WebAuthnPolicy webAuthnPolicy(ApprovalProperties properties) {
        return new WebAuthnPolicy(properties.rpId(), properties.rpName(), List.copyOf(properties.origins()));
    }

    @Bean
    PasskeyRepository passkeyRepository(JdbcTemplate jdbc) {
        return new PasskeyRepository(jdbc);
    }

    @Bean
    Enrolments enrolments(ApprovalStore store, PasskeyRepository passkeys, CitizenCredentials citizens,
            WebAuthnPolicy policy, AuditTrail audit, ApprovalProperties properties, ObjectProvider<Clock> clock) {
        ObjectConverter converter = new ObjectConverter();
        return new Enrolments(store, passkeys, citizens, WebAuthnManager.createNonStrictWebAuthnManager(converter),
                new AttestedCredentialDataConverter(converter), policy, audit, JsonMapper.builder().build(), properties,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    PasskeyApprovals passkeyApprovals(ApprovalService approvals, ApprovalStore store, PasskeyRepository passkeys,
            WebAuthnPolicy policy) {
        ObjectConverter converter = new ObjectConverter();
        return new PasskeyApprovals(approvals, store, passkeys, WebAuthnManager.createNonStrictWebAuthnManager(converter),
                new AttestedCredentialDataConverter(converter), policy);
    }

    @Bean
    TotpSecrets totpSecrets(JdbcTemplate jdbc, HsmToken hsm) {
        return new TotpSecrets(jdbc, hsm);
    }

    /**
     * Seals TOTP secrets stored in clear by earlier versions, once at start-up (any left over are
     * sealed when read). Without the token's key the application still starts; TOTP then fails closed.
     */
    @Bean
    ApplicationRunner sealClearTotpSecrets(TotpSecrets secrets) {
        return args -> {
            try {
                int sealed = secrets.sealClearRows();
                if (sealed > 0) {
                    log.info("Encrypted {} TOTP secret(s) stored in clear under HSM key '{}'", sealed, TotpSecrets.KEY_LABEL);
                }
            }
            catch (HsmException e) {
                log.error("TOTP secrets stored in clear could not be encrypted: {}", e.getMessage());
            }
        };
    }

    @Bean
    TotpApprovals totpApprovals(ApprovalService approvals, Enrolments enrolments, TotpSecrets secrets, ApprovalStore store,
            AuditTrail audit, ApprovalProperties properties, ObjectProvider<Clock> clock) {
        return new TotpApprovals(approvals, enrolments, secrets, store, audit, properties,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ApprovalPageController approvalPageController(ApprovalService approvals, PasskeyApprovals passkeys,
            TotpApprovals totp, Enrolments enrolments, PasskeyRepository passkeyRepository) {
        return new ApprovalPageController(approvals, passkeys, totp, enrolments, passkeyRepository,
                JsonMapper.builder().build());
    }

    @Bean
    PortalApprovalController portalApprovalController(ApprovalService approvals, Enrolments enrolments,
            ApprovalLongPoll longPoll) {
        return new PortalApprovalController(approvals, enrolments, longPoll);
    }

    @Bean
    FilterRegistrationBean<ApprovalPageHeaders> approvalPageHeaders() {
        FilterRegistrationBean<ApprovalPageHeaders> registration = new FilterRegistrationBean<>(new ApprovalPageHeaders());
        registration.addUrlPatterns("/approval/*");
        return registration;
    }
}
