package org.signet.k8s;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every overlay renders, parses into typed models with no unknown field, and keeps the hardening rules. */
class KustomizeOverlaysTest {

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyWorkloadIsHardened(String overlay) {
        List<Deployment> deployments = of(RenderedOverlays.render(overlay), Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder("signet-signer", "signet-verifier");
        for (Deployment deployment : deployments) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String name = deployment.getMetadata().getName();
            assertThat(pod.getAutomountServiceAccountToken()).as(name + " automount").isFalse();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name + " seccomp").isEqualTo("RuntimeDefault");
            Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).forEach(container -> {
                String where = name + "/" + container.getName();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(where + " readOnlyRootFilesystem").isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(where + " privilege escalation").isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(where + " capabilities").containsExactly("ALL");
                assertThat(container.getResources().getRequests()).as(where + " requests").containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(where + " limits").containsKeys("cpu", "memory");
            });
            for (Container container : pod.getContainers()) {
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void verifierHasNoHsmAndSignerReadsItsPinFromAFile(String overlay) {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);
        Deployment verifier = named(of(objects, Deployment.class), "signet-verifier");
        PodSpec verifierPod = verifier.getSpec().getTemplate().getSpec();
        assertThat(verifierPod.getVolumes()).extracting(Volume::getName).doesNotContain("hsm-pin", "pkcs11-module");
        assertThat(env(verifierPod.getContainers().get(0))).containsEntry("SIGNET_SIGNER_ENABLED", "false")
                .containsEntry("SIGNET_TSA_ENABLED", "false");
        assertThat(verifier.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("signet.io/hsm-client");

        Deployment signer = named(of(objects, Deployment.class), "signet-signer");
        Container signerContainer = signer.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(signerContainer)).containsKey("SIGNET_HSM_USERPINFILE").doesNotContainKey("SIGNET_HSM_USERPIN");
        if (overlay.equals("prod")) {
            assertThat(signer.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(volume -> {
                assertThat(volume.getName()).isEqualTo("hsm-pin");
                assertThat(volume.getSecret().getSecretName()).isEqualTo("signet-hsm-pin");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void networkIsDeniedByDefaultAndOnlyTheSignerReachesTheHsm(String overlay) {
        List<NetworkPolicy> policies = of(RenderedOverlays.render(overlay), NetworkPolicy.class);
        assertThat(policies).anySatisfy(policy -> {
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
            assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
        });
        NetworkPolicy hsm = policies.stream().filter(p -> p.getMetadata().getName().equals("signer-egress-hsm")).findFirst().orElseThrow();
        assertThat(hsm.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "signet-signer");
        NetworkPolicy signerIngress = policies.stream()
                .filter(p -> p.getMetadata().getName().equals("signer-ingress-from-portals")).findFirst().orElseThrow();
        assertThat(signerIngress.getSpec().getIngress()).singleElement().satisfies(rule -> assertThat(rule.getFrom())
                .allSatisfy(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("signet.io/portal", "true")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void verifierAutoscalesAndBothRolesHaveDisruptionBudgets(String overlay) {
        List<HasMetadata> objects = RenderedOverlays.render(overlay);
        assertThat(of(objects, HorizontalPodAutoscaler.class)).singleElement()
                .satisfies(hpa -> assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("signet-verifier"));
        assertThat(of(objects, PodDisruptionBudget.class)).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("signet-signer", "signet-verifier");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void configMapTurnsOnTheProbeGroupsAndJsonLogs(String overlay) {
        io.fabric8.kubernetes.api.model.ConfigMap config = of(RenderedOverlays.render(overlay), io.fabric8.kubernetes.api.model.ConfigMap.class)
                .stream().filter(c -> c.getMetadata().getName().startsWith("signet-config")).findFirst().orElseThrow();
        // the probes' paths only exist with the probe groups on (off by default in the application)
        assertThat(config.getData()).containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true")
                .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
    }

    private static <T> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Deployment named(List<Deployment> deployments, String name) {
        return deployments.stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b))
                .entrySet().stream().filter(e -> Objects.nonNull(e.getValue()))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
