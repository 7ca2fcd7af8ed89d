package org.signet.appliance.health;

import java.util.Objects;

import org.signet.core.hsm.HsmToken;
import org.signet.core.hsm.TokenStatus;
import org.signet.signer.SignerProperties;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when the token answers, is logged in, and holds the default signing credential's key with
 * its certificate; the appliance is not ready to sign otherwise.
 */
public final class HsmHealthIndicator extends AbstractHealthIndicator {

    private final HsmToken token;
    private final SignerProperties signer;

    public HsmHealthIndicator(HsmToken token, SignerProperties signer) {
        super("HSM check failed");
        this.token = Objects.requireNonNull(token, "token cannot be null");
        this.signer = Objects.requireNonNull(signer, "signer cannot be null");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TokenStatus status = token.status();
        builder.withDetail("token", status.label()).withDetail("keys", status.keyCount());
        if (token.findKey(signer.defaultCredential()).isPresent()) {
            builder.up();
        }
        else {
            builder.down().withDetail("missingKey", signer.defaultCredential());
        }
    }
}
