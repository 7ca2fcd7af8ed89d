package org.signet.verifier;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding and validation of {@code signet.verifier.concurrency} (the cap on concurrent validations). */
class VerifierPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Bind.class)
            .withPropertyValues("signet.verifier.trust-anchors=/tmp/anchor.pem");

    @Test
    void bindWhenNothingSetThenOneValidationPerProcessorWaitingTenSeconds() {
        runner.run(context -> {
            VerifierProperties.Concurrency concurrency = context.getBean(VerifierProperties.class).concurrency();
            assertThat(concurrency).isEqualTo(VerifierProperties.Concurrency.defaults());
            assertThat(concurrency.effectiveMaxValidations()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(concurrency.maxWait()).isEqualTo(Duration.ofSeconds(10));
            assertThat(concurrency.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void bindWhenSetThenUsed() {
        runner.withPropertyValues("signet.verifier.concurrency.max-validations=3",
                "signet.verifier.concurrency.max-wait=250ms", "signet.verifier.concurrency.retry-after=5s").run(context -> {
                    VerifierProperties.Concurrency concurrency = context.getBean(VerifierProperties.class).concurrency();
                    assertThat(concurrency.effectiveMaxValidations()).isEqualTo(3);
                    assertThat(concurrency.maxWait()).isEqualTo(Duration.ofMillis(250));
                    assertThat(concurrency.retryAfter()).isEqualTo(Duration.ofSeconds(5));
                });
    }

    @Test
    void bindWhenNegativeCapOrWaitOrNoRetryAfterThenStartRefused() {
        runner.withPropertyValues("signet.verifier.concurrency.max-validations=-1")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("signet.verifier.concurrency.max-wait=-1s")
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("max-wait"));
        runner.withPropertyValues("signet.verifier.concurrency.retry-after=0s")
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("retry-after"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(VerifierProperties.class)
    static class Bind {
    }
}
