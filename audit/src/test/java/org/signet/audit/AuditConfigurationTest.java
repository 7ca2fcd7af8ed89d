package org.signet.audit;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.audit.checkpoint.AuditCheckpointer;
import org.signet.audit.checkpoint.CheckpointScheduler;
import org.signet.core.test.TestDatabases;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/** Which audit beans exist per role: a verifier-only instance (no HSM) records and serves auditors, but never checkpoints. */
class AuditConfigurationTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        DataSource dataSource = TestDatabases.h2(dir).dataSource();
        return new ApplicationContextRunner().withUserConfiguration(AuditConfiguration.class)
                .withBean(JdbcTemplate.class, () -> new JdbcTemplate(dataSource))
                .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(dataSource))
                .withPropertyValues("signet.audit.instance-id=test");
    }

    @Test
    void contextWhenVerifierOnlyThenNoCheckpointerButAuditorApi() {
        runner().withPropertyValues("signet.signer.enabled=false", "signet.tsa.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(JdbcAuditTrail.class).hasSingleBean(AuditorService.class)
                    .doesNotHaveBean(AuditCheckpointer.class).doesNotHaveBean(CheckpointScheduler.class);
            assertThat(context.getBean(AuditorService.class).auditCertificate()).isEmpty();
        });
    }

    @Test
    void contextWhenCheckpointsDisabledThenNoCheckpointer() {
        runner().withPropertyValues("signet.audit.checkpoint.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(AuditCheckpointer.class));
    }

    @Test
    void contextWhenSigningRoleWithoutHsmThenFailsNamingTheSetting() {
        runner().run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("signet.audit.checkpoint.enabled=false"));
    }
}
