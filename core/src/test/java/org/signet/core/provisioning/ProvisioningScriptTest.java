package org.signet.core.provisioning;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestHome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hsm-config/provision.sh in a fresh directory, run twice: same token objects, public keys,
 * certificates and PINs; every private key sensitive and never extractable; certificates chain to
 * the development root; the TSA certificate has a critical timeStamping EKU. The checks live in
 * hsm-config/test/provision-idempotent.sh so an operator can run them too.
 */
class ProvisioningScriptTest {

    @Test
    void provisionTwiceThenSameKeysAndCertificatesAndHardenedKeys() {
        String script = TestHome.repoRoot().resolve("hsm-config/test/provision-idempotent.sh").toString();
        ExternalTool.Result result = ExternalTool.run(List.of("bash", script), Map.of("SIGNET_NO_INSTALL", "1"), 300);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern("\\d+ passed, 0 failed");
        assertThat(result.output()).doesNotContain("not ok");
    }
}
