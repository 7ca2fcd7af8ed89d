package org.signet.audit;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditPropertiesTest {

    @Test
    void bindWhenOnlyInstanceIdThenCheckpointDefaults() {
        AuditProperties properties = bind(Map.of("signet.audit.instance-id", "pod-1"));
        assertThat(properties.checkpoint()).isEqualTo(
                new AuditProperties.Checkpoint(true, 1000, Duration.ofSeconds(60), Duration.ofSeconds(1), "audit"));
    }

    @Test
    void bindWhenCheckpointSettingsGivenThenUsed() {
        AuditProperties properties = bind(Map.of("signet.audit.instance-id", "pod-1",
                "signet.audit.checkpoint.every-records", "5", "signet.audit.checkpoint.every", "10s",
                "signet.audit.checkpoint.check-interval", "200ms"));
        assertThat(properties.checkpoint().everyRecords()).isEqualTo(5);
        assertThat(properties.checkpoint().every()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.checkpoint().checkInterval()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void bindWhenEveryNotPositiveOrIntervalLongerThanEveryThenRefused() {
        assertThatThrownBy(() -> bind(Map.of("signet.audit.instance-id", "x", "signet.audit.checkpoint.every", "0s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("every must be positive");
        assertThatThrownBy(() -> bind(Map.of("signet.audit.instance-id", "x", "signet.audit.checkpoint.every", "1s",
                "signet.audit.checkpoint.check-interval", "5s"))).isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("must not exceed");
    }

    private static AuditProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("signet.audit", AuditProperties.class);
    }
}
