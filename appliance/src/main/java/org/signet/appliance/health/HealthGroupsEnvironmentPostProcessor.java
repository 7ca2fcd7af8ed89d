package org.signet.appliance.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defines the Kubernetes probe groups from the roles this instance runs, only when probes are on
 * ({@code management.endpoint.health.probes.enabled}, as the k8s ConfigMap sets it, or on Kubernetes):
 * liveness is the process alone; readiness adds what a request needs — the database, the HSM where
 * this instance signs or time-stamps, and Redis where it holds the approval store. Defining groups
 * unconditionally would add a {@code groups} member to the anonymous {@code /actuator/health}
 * answer, which stays exactly {@code {"status":"UP"}} by default. The report cache's Redis is left
 * out on purpose: validation works uncached, and every verifier shares that Redis, so a cache outage
 * must not take all of them out of service at once. Explicit {@code ...group.readiness.include}
 * settings win (these are defaults, added last).
 */
public final class HealthGroupsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROBES = "management.endpoint.health.probes.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean probes = environment.getProperty(PROBES, Boolean.class,
                CloudPlatform.getActive(environment) == CloudPlatform.KUBERNETES);
        if (!probes) {
            return;
        }
        List<String> readiness = new ArrayList<>(List.of("readinessState", "db"));
        boolean signer = environment.getProperty("signet.signer.enabled", Boolean.class, true);
        boolean tsa = environment.getProperty("signet.tsa.enabled", Boolean.class, true);
        if (signer || tsa) {
            readiness.add("hsm");
        }
        boolean approvals = environment.getProperty("signet.approval.enabled", Boolean.class, true);
        if (approvals && "redis".equalsIgnoreCase(environment.getProperty("signet.approval.store", "memory"))) {
            readiness.add("approvalStore");
        }
        Map<String, Object> groups = new LinkedHashMap<>();
        groups.put("management.endpoint.health.group.liveness.include", "livenessState");
        groups.put("management.endpoint.health.group.readiness.include", String.join(",", readiness));
        environment.getPropertySources().addLast(new MapPropertySource("signetHealthGroups", groups));
    }

    /** After the config files are read (the roles and the probe switch come from them). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
