package org.signet.audit;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import org.signet.audit.checkpoint.AuditCheckpointer;
import org.signet.audit.usage.UsageStatistics;
import org.signet.audit.usage.UsageStatisticsController;
import org.signet.audit.checkpoint.CheckpointScheduler;
import org.signet.audit.checkpoint.CheckpointStore;
import org.signet.audit.checkpoint.CheckpointTimestamper;
import org.signet.audit.checkpoint.HsmCheckpointSigner;
import org.signet.audit.checkpoint.TspCheckpointTimestamper;
import org.signet.audit.export.AuditExporter;
import org.signet.audit.export.ExportLines;
import org.signet.audit.web.AuditController;
import org.signet.core.hsm.HsmToken;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log on the application's database (schema by Flyway, {@code db/migration}), its
 * checkpoints (signed with the HSM audit key by instances that hold the HSM) and the auditors' API.
 */
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

    @Bean
    CheckpointStore auditCheckpointStore(JdbcTemplate jdbc) {
        return new CheckpointStore(jdbc);
    }

    /**
     * Checkpoints need the HSM, which only the signing roles (signer, TSA) open; a verifier-only
     * instance writes records and leaves checkpoints to the signing instances. Off everywhere with
     * {@code signet.audit.checkpoint.enabled=false}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("${signet.audit.checkpoint.enabled:true} and (${signet.signer.enabled:true} or ${signet.tsa.enabled:true})")
    static class Checkpoints {

        @Bean
        AuditCheckpointer auditCheckpointer(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                ObjectProvider<HsmToken> token, ObjectProvider<TSPSource> tspSource, AuditProperties properties) {
            HsmToken hsm = token.getIfAvailable(() -> {
                throw new IllegalStateException("Audit checkpoints need the HSM; set signet.audit.checkpoint.enabled"
                        + "=false on instances without one");
            });
            return new AuditCheckpointer(jdbc, new TransactionTemplate(transactionManager),
                    new HsmCheckpointSigner(hsm, properties.checkpoint().keyLabel()), timestamper(tspSource),
                    properties.checkpoint(), properties.instanceId(), Clock.systemUTC());
        }

        /** Signet's TSA (the {@code TSPSource} bean) when this instance runs one; else checkpoints carry no timestamp. */
        private static CheckpointTimestamper timestamper(ObjectProvider<TSPSource> tspSource) {
            TSPSource source = tspSource.getIfAvailable();
            return source == null ? CheckpointTimestamper.NONE : new TspCheckpointTimestamper(source);
        }

        @Bean
        CheckpointScheduler auditCheckpointScheduler(AuditCheckpointer checkpointer, AuditProperties properties) {
            return new CheckpointScheduler(checkpointer, properties.checkpoint().checkInterval());
        }
    }

    @Bean
    ExportLines auditExportLines() {
        return new ExportLines();
    }

    @Bean
    AuditorService auditorService(JdbcAuditTrail trail, JdbcTemplate jdbc, AuditRecordCodec codec,
            CheckpointStore checkpoints, ExportLines lines, ObjectProvider<AuditCheckpointer> checkpointer) {
        return new AuditorService(trail, new AuditQuery(jdbc, codec), checkpoints,
                new AuditExporter(trail, jdbc, checkpoints, lines, Clock.systemUTC()),
                Optional.ofNullable(checkpointer.getIfAvailable()));
    }

    @Bean
    AuditController auditController(AuditorService auditor, ExportLines lines) {
        return new AuditController(auditor, lines);
    }

    /** Usage statistics from the log; days are counted in {@code signet.audit.statistics-zone} (Vietnam by default). */
    @Bean
    UsageStatistics usageStatistics(JdbcTemplate jdbc, AuditRecordCodec codec,
            @Value("${signet.audit.statistics-zone:Asia/Ho_Chi_Minh}") String zone) {
        return new UsageStatistics(new AuditQuery(jdbc, codec), ZoneId.of(zone));
    }

    @Bean
    UsageStatisticsController usageStatisticsController(UsageStatistics statistics) {
        return new UsageStatisticsController(statistics);
    }
}
