package org.signet.appliance.security;

import java.nio.file.Path;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The HTTPS server key: a PKCS#12 keystore file whose password comes from a file (mode 0600) or the
 * environment, never from the configuration itself. {@code hsm-config/provision.sh} makes both from
 * the development PKI (certificate for localhost / 127.0.0.1); in production point them at the
 * keystore of a certificate from your CA. Used only while {@code server.ssl.enabled} is true (the default).
 *
 * @param keystoreFile         PKCS#12 file with the server key and its certificate chain
 * @param keystorePasswordFile file holding the keystore password (one line)
 * @param keystorePassword     the password itself, from {@code SIGNET_TLS_KEYSTORE_PASSWORD}; wins over the file
 * @param keyAlias             alias of the server key in the keystore
 */
@Validated
@ConfigurationProperties("signet.security.tls")
public record TlsProperties(
        @NotNull Path keystoreFile,
        @NotNull Path keystorePasswordFile,
        String keystorePassword,
        @DefaultValue("signet-tls") @NotBlank String keyAlias) {

    @Override
    public String toString() {
        return "TlsProperties[keystoreFile=" + keystoreFile + ", keystorePasswordFile=" + keystorePasswordFile
                + ", keystorePassword=" + (keystorePassword == null ? "unset" : "(redacted)") + ", keyAlias=" + keyAlias + "]";
    }
}
