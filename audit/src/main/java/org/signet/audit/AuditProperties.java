package org.signet.audit;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the audit log.
 *
 * @param instanceId name of this service instance in every record (defaults to host name and pid)
 */
@Validated
@ConfigurationProperties("signet.audit")
public record AuditProperties(@NotBlank String instanceId) {
}
