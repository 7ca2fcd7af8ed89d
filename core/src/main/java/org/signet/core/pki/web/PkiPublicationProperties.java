package org.signet.core.pki.web;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the CA certificates and CRLs named in certificates' AIA and CRL distribution points live.
 *
 * @param directory folder laid out like the URLs: {@code <name>.cer} and {@code crl/<name>.crl} (DER);
 *                  hsm-config/provision.sh writes {@code ${signet.home}/pki/publish}. It must never
 *                  be the folder that holds CA keys.
 */
@Validated
@ConfigurationProperties("signet.pki.publication")
public record PkiPublicationProperties(@NotNull Path directory) {
}
