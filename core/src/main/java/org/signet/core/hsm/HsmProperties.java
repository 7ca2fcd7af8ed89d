package org.signet.core.hsm;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Signet reaches its HSM. The token is found by its label, never by slot number, because
 * SoftHSM (and some network HSMs) hand out slot ids that change when a token is re-created.
 *
 * @param library     path of the PKCS#11 module (e.g. {@code /usr/lib/softhsm/libsofthsm2.so})
 * @param tokenLabel  label of the token that holds Signet's keys
 * @param userPinFile file holding the user PIN (mode 0600); used when {@code userPin} is empty
 * @param userPin     the user PIN itself, for deployments that inject it as an environment
 *                    variable ({@code SIGNET_HSM_USER_PIN}); never logged
 * @param maxSessions how many threads may be inside the token at once; more waiting threads queue
 *                    instead of contending on the module's internal locks (about the core count)
 * @param retryAfterFailure after a failed attempt to recover the token (gone, not initialised, no
 *                    token with the label), operations fail fast with {@link HsmException} for this
 *                    long before the next attempt, so a dead HSM answers 503 at once instead of
 *                    re-initialising the module on every request
 */
@Validated
@ConfigurationProperties("signet.hsm")
public record HsmProperties(
        @NotBlank String library,
        @NotBlank String tokenLabel,
        Path userPinFile,
        String userPin,
        @DefaultValue("2") @Min(1) @Max(256) int maxSessions,
        @DefaultValue("2s") Duration retryAfterFailure) {

    @ConstructorBinding
    public HsmProperties {
        retryAfterFailure = retryAfterFailure == null || retryAfterFailure.isNegative() ? Duration.ofSeconds(2) : retryAfterFailure;
    }

    public HsmProperties(String library, String tokenLabel, Path userPinFile, String userPin, int maxSessions) {
        this(library, tokenLabel, userPinFile, userPin, maxSessions, Duration.ofSeconds(2));
    }

    /** Keeps the PIN out of logs, actuator output and exception messages. */
    @Override
    public String toString() {
        return "HsmProperties[library=" + library + ", tokenLabel=" + tokenLabel + ", userPinFile=" + userPinFile
                + ", userPin=" + (userPin == null || userPin.isEmpty() ? "<unset>" : "<redacted>")
                + ", maxSessions=" + maxSessions + ", retryAfterFailure=" + retryAfterFailure + "]";
    }
}
