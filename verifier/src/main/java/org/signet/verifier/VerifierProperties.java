package org.signet.verifier;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the validation role.
 *
 * @param trustAnchors   certificate files or directories of them (PEM/DER) whose certificates are
 *                       trusted as chain anchors; the development root CA by default
 * @param revocationData CRL files (PEM or DER) made available to validation offline, so a chain
 *                       from the development PKI can be checked without any network access
 */
@Validated
@ConfigurationProperties("signet.verifier")
public record VerifierProperties(
        @NotEmpty List<@NotNull Path> trustAnchors,
        @DefaultValue List<@NotNull Path> revocationData) {
}
