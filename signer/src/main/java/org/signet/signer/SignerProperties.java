package org.signet.signer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.signet.signer.credential.CredentialKind;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the signing role.
 *
 * @param defaultCredential   credential used when a request names none: the organisation seal
 * @param provisionedCredentials token keys made by hsm-config (label: kind) registered as credentials
 *                            at start-up when the database does not know them yet; {@code tsa} and
 *                            {@code audit} are refused (infrastructure keys never sign documents)
 * @param trustAnchors        certificates an imported credential chain must build to (files or directories)
 * @param chainFile           PEM file with the issuing CA certificates to embed after each
 *                            credential's own certificate (issuing CA first, then the root)
 * @param maxDocumentSize     largest single document the document API accepts (413 above it); keep
 *                            {@code spring.servlet.multipart.max-file-size} at least as large
 * @param maxBatchSize        most documents in one batch request, and most files in one ASiC-E
 *                            container (413 above it)
 * @param displayZone         time zone of the signing time written in visible PAdES signatures
 * @param sadLifetime         how long a CSC signature activation data (SAD) stays usable
 * @param revocationData      CRL files (PEM or DER) or directories of them: embedded in B-LT/B-LTA
 *                            signatures and checked before every signature (a revoked credential
 *                            cannot sign). Re-read when they change. Empty: no revocation check, and
 *                            B-LT/B-LTA are refused for want of revocation data
 * @param tsaUrl              an external RFC 3161 TSA for B-T and above; unset: Signet's own TSA
 * @param tsaTimeout          connect and answer timeout for {@code tsaUrl}
 */
@Validated
@ConfigurationProperties("signet.signer")
public record SignerProperties(
        @DefaultValue("seal") @NotBlank String defaultCredential,
        Map<String, CredentialKind> provisionedCredentials,
        @NotNull Path chainFile,
        @NotEmpty List<@NotNull Path> trustAnchors,
        @DefaultValue("100MB") @NotNull DataSize maxDocumentSize,
        @DefaultValue("50") @Min(1) @Max(1000) int maxBatchSize,
        @DefaultValue("Asia/Ho_Chi_Minh") @NotNull ZoneId displayZone,
        @DefaultValue("5m") @NotNull Duration sadLifetime,
        List<@NotNull Path> revocationData,
        URI tsaUrl,
        @DefaultValue("10s") @NotNull Duration tsaTimeout) {

    public SignerProperties {
        provisionedCredentials = provisionedCredentials == null ? Map.of() : Map.copyOf(provisionedCredentials);
        revocationData = revocationData == null ? List.of() : List.copyOf(revocationData);
        if (sadLifetime.isNegative() || sadLifetime.isZero()) {
            throw new IllegalArgumentException("signet.signer.sad-lifetime must be positive");
        }
    }
}
