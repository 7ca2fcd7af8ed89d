package org.signet.approval;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of citizen approvals (sole control).
 *
 * @param store            where pending requests, challenges and SADs live: {@code memory} (one
 *                         instance only) or {@code redis} (every replica agrees; see {@code redisUrl})
 * @param requestTtl       how long a citizen has to approve (30 seconds to 1 hour)
 * @param sadTtl           how long an issued signature activation data stays usable (5 seconds to
 *                         10 minutes)
 * @param enrolmentTtl     how long a passkey enrolment link stays valid (1 minute to 7 days)
 * @param retention        how long a finished request stays readable by its portal (at least 1 minute)
 * @param publicBaseUrl    base URL of the approval pages in links (no trailing slash), the origin the
 *                         citizen's browser sees
 * @param rpId             WebAuthn relying-party id (the host name of {@code publicBaseUrl})
 * @param rpName           relying-party name shown by the authenticator
 * @param origins          origins accepted in WebAuthn client data
 * @param totpMaxAttempts  wrong TOTP codes accepted before the citizen's TOTP is locked (1 to 20)
 * @param totpLockout      how long TOTP stays locked after too many wrong codes
 * @param redisUrl         Redis server when {@code store} is {@code redis} ({@code redis://host:port},
 *                         {@code rediss://} for TLS, user and password in the URL)
 * @param redisKeyPrefix   prefix of every Redis key this module writes
 * @param maxWait          upper bound of a portal's long poll ({@code ?waitSeconds=}), at most 60 s
 * @param callbackUrls     the only URLs a portal may name as {@code callbackUrl} (exact match); empty = no callbacks
 * @param callbackKeyFile  HMAC-SHA256 key of callbacks ({@code X-Signet-Signature}); created (32 random bytes,
 *                         0600) when missing; share it with the portals
 * @param callbackAttempts deliveries tried per status change (1 to 10)
 * @param callbackBackoff  wait before the first retry, doubled at each further retry
 */
@Validated
@ConfigurationProperties("signet.approval")
public record ApprovalProperties(
        @DefaultValue("memory") @NotNull StoreKind store,
        @DefaultValue("5m") @NotNull Duration requestTtl,
        @DefaultValue("2m") @NotNull Duration sadTtl,
        @DefaultValue("1d") @NotNull Duration enrolmentTtl,
        @DefaultValue("1h") @NotNull Duration retention,
        @DefaultValue("http://localhost:8080") @NotBlank String publicBaseUrl,
        @DefaultValue("localhost") @NotBlank String rpId,
        @DefaultValue("Signet") @NotBlank String rpName,
        @DefaultValue("http://localhost:8080") @NotEmpty List<@NotBlank String> origins,
        @DefaultValue("5") @Min(1) @Max(20) int totpMaxAttempts,
        @DefaultValue("15m") @NotNull Duration totpLockout,
        @DefaultValue("redis://127.0.0.1:6379") @NotBlank String redisUrl,
        @DefaultValue("signet:approval:") @NotBlank String redisKeyPrefix,
        @DefaultValue("30s") @NotNull Duration maxWait,
        @DefaultValue({}) List<String> callbackUrls,
        java.nio.file.Path callbackKeyFile,
        @DefaultValue("5") @Min(1) @Max(10) int callbackAttempts,
        @DefaultValue("1s") @NotNull Duration callbackBackoff) {

    /** Where shared approval state is kept. */
    public enum StoreKind { MEMORY, REDIS }

    public ApprovalProperties {
        within("request-ttl", requestTtl, Duration.ofSeconds(30), Duration.ofHours(1));
        within("sad-ttl", sadTtl, Duration.ofSeconds(5), Duration.ofMinutes(10));
        within("enrolment-ttl", enrolmentTtl, Duration.ofMinutes(1), Duration.ofDays(7));
        within("retention", retention, Duration.ofMinutes(1), Duration.ofDays(30));
        within("totp-lockout", totpLockout, Duration.ofSeconds(30), Duration.ofDays(1));
        within("max-wait", maxWait, Duration.ofSeconds(1), Duration.ofSeconds(60));
        if (publicBaseUrl != null && publicBaseUrl.endsWith("/")) {
            publicBaseUrl = publicBaseUrl.substring(0, publicBaseUrl.length() - 1);
        }
    }

    private static void within(String name, Duration value, Duration min, Duration max) {
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
            throw new IllegalArgumentException("signet.approval." + name + " must be between " + min + " and " + max);
        }
    }
}
