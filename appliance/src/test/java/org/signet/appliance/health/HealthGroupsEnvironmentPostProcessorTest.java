package org.signet.appliance.health;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Which checks make up readiness, per role; no groups at all while probes are off. */
class HealthGroupsEnvironmentPostProcessorTest {

    private static final String READINESS = "management.endpoint.health.group.readiness.include";

    @Test
    void probesOffThenNoGroupsSoAnonymousHealthStaysStatusOnly() {
        MockEnvironment environment = new MockEnvironment();
        new HealthGroupsEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty(READINESS)).isNull();
    }

    @Test
    void signerWithRedisApprovalsThenReadinessIsDatabaseHsmAndApprovalRedis() {
        MockEnvironment environment = new MockEnvironment().withProperty(HealthGroupsEnvironmentPostProcessor.PROBES, "true")
                .withProperty("signet.verifier.enabled", "false").withProperty("signet.approval.store", "redis");
        new HealthGroupsEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty(READINESS)).isEqualTo("readinessState,db,hsm,approvalStore");
        assertThat(environment.getProperty("management.endpoint.health.group.liveness.include")).isEqualTo("livenessState");
    }

    @Test
    void verifierOnlyThenNoHsmInReadiness() {
        MockEnvironment environment = new MockEnvironment().withProperty(HealthGroupsEnvironmentPostProcessor.PROBES, "true")
                .withProperty("signet.signer.enabled", "false").withProperty("signet.tsa.enabled", "false")
                .withProperty("signet.approval.enabled", "false").withProperty("signet.approval.store", "redis");
        new HealthGroupsEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty(READINESS)).isEqualTo("readinessState,db");
    }

    @Test
    void explicitReadinessSettingWins() {
        MockEnvironment environment = new MockEnvironment().withProperty(HealthGroupsEnvironmentPostProcessor.PROBES, "true")
                .withProperty(READINESS, "readinessState");
        new HealthGroupsEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty(READINESS)).isEqualTo("readinessState");
    }
}
