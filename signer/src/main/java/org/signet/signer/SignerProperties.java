package org.signet.signer;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
 */
@Validated
@ConfigurationProperties("signet.signer")
public record SignerProperties(
        @DefaultValue("seal") @NotBlank String defaultCredential,
        @DefaultValue("seal") @NotEmpty List<@NotBlank String> documentCredentials,
        @NotNull Path chainFile) {
}
