package org.signet.signer;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.signet.core.test.TestHome;
import org.signet.signer.credential.CredentialKind;
import org.springframework.util.unit.DataSize;

/** Signer settings on the provisioned test home. */
final class TestSignerProperties {

    private TestSignerProperties() {
    }

    static SignerProperties create() {
        return new SignerProperties("seal",
                Map.of("seal", CredentialKind.SEAL, "officer", CredentialKind.OFFICER, "citizen", CredentialKind.CITIZEN),
                TestHome.pki("chain.pem"), List.of(TestHome.pki("root-ca.pem")), DataSize.ofMegabytes(10), 10,
                ZoneId.of("Asia/Ho_Chi_Minh"), Duration.ofMinutes(5),
                List.of(TestHome.pki("publish/crl")), null, Duration.ofSeconds(10));
    }
}
