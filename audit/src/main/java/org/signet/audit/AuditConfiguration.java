package org.signet.audit;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit log on the application's database (schema by Flyway, {@code db/migration}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {

    @Bean
    AuditRecordCodec auditRecordCodec() {
        return new AuditRecordCodec();
    }

    @Bean
    JdbcAuditTrail auditTrail(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, AuditRecordCodec codec,
            AuditProperties properties) {
        return new JdbcAuditTrail(jdbc, new TransactionTemplate(transactionManager), codec, properties.instanceId(),
                Clock.systemUTC());
    }

    @Bean
    AuditChainVerifier auditChainVerifier(AuditRecordCodec codec) {
        return new AuditChainVerifier(codec);
    }
}
