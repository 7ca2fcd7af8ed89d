package org.signet.signer;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the signing role.
 *
 * @param defaultCredential   credential used when a request names none: the organisation seal
 * @param documentCredentials credentials (token key labels) that the document API may use; every
 *                            other key in the token (TSA, audit) is refused, so a request can never
 *                            sign a document with an infrastructure key
 * @param chainFile           PEM file with the issuing CA certificates to embed after each
 *                            credential's own certificate (issuing CA first, then the root)
 * @param maxDocumentSize     largest single document the document API accepts (413 above it); keep
 *                            {@code spring.servlet.multipart.max-file-size} at least as large
 * @param maxBatchSize        most documents in one batch request, and most files in one ASiC-E
 *                            container (413 above it)
 * @param displayZone         time zone of the signing time written in visible PAdES signatures
 */
@Validated
@ConfigurationProperties("signet.signer")
public record SignerProperties(
        @DefaultValue("seal") @NotBlank String defaultCredential,
        @DefaultValue("seal") @NotEmpty List<@NotBlank String> documentCredentials,
        @NotNull Path chainFile,
        @DefaultValue("100MB") @NotNull DataSize maxDocumentSize,
        @DefaultValue("50") @Min(1) @Max(1000) int maxBatchSize,
        @DefaultValue("Asia/Ho_Chi_Minh") @NotNull ZoneId displayZone) {
}
