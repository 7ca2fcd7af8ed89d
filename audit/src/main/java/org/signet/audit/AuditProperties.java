package org.signet.audit;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the audit log.
 *
 * @param instanceId name of this service instance in every record (defaults to host name and pid)
 * @param checkpoint when the log head is signed with the HSM audit key
 */
@Validated
@ConfigurationProperties("signet.audit")
public record AuditProperties(@NotBlank String instanceId, @Valid @NotNull @DefaultValue Checkpoint checkpoint) {

    /**
     * Checkpoints: the head hash and record count signed with the HSM audit key (and timestamped
     * by the TSA when one is configured). A checkpoint is due when {@code everyRecords} records are
     * not yet covered, or when the oldest uncovered record is older than {@code every}.
     *
     * @param enabled       whether this instance makes checkpoints (it needs the HSM: signer role)
     * @param everyRecords  at most this many records wait for a checkpoint (N, at least 1)
     * @param every         no record waits longer than this for a checkpoint (T, positive)
     * @param checkInterval how often each instance looks whether a checkpoint is due (positive, at most {@code every})
     * @param keyLabel      label of the HSM key that signs checkpoints (EC P-256 {@code audit} by default)
     */
    public record Checkpoint(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1000") @Min(1) long everyRecords,
            @DefaultValue("60s") @NotNull Duration every,
            @DefaultValue("1s") @NotNull Duration checkInterval,
            @DefaultValue("audit") @NotBlank String keyLabel) {

        public Checkpoint {
            if (every != null && (every.isNegative() || every.isZero())) {
                throw new IllegalArgumentException("signet.audit.checkpoint.every must be positive, was " + every);
            }
            if (checkInterval != null && (checkInterval.isNegative() || checkInterval.isZero())) {
                throw new IllegalArgumentException(
                        "signet.audit.checkpoint.check-interval must be positive, was " + checkInterval);
            }
            if (every != null && checkInterval != null && checkInterval.compareTo(every) > 0) {
                throw new IllegalArgumentException("signet.audit.checkpoint.check-interval (" + checkInterval
                        + ") must not exceed signet.audit.checkpoint.every (" + every + ")");
            }
        }
    }
}
