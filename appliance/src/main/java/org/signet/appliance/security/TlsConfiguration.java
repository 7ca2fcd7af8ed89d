package org.signet.appliance.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTPS by default: registers the SSL bundle {@value #BUNDLE} (named by {@code server.ssl.bundle})
 * from {@link TlsProperties}, TLS 1.3 and 1.2 only. The password is read from its file here, so it
 * never sits in the Spring environment. Plain HTTP only with {@code server.ssl.enabled=false}
 * (behind a TLS-terminating proxy; see docs/security.md).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "server.ssl.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(TlsProperties.class)
public class TlsConfiguration {

    /** Name of the server's SSL bundle. */
    public static final String BUNDLE = "signet-tls";

    /** Protocols the server offers; nothing older than TLS 1.2. */
    static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

    @Bean
    SslBundleRegistrar signetTlsBundle(TlsProperties properties) {
        return registry -> registry.registerBundle(BUNDLE, bundle(properties));
    }

    static SslBundle bundle(TlsProperties properties) {
        if (!Files.isRegularFile(properties.keystoreFile())) {
            throw new IllegalStateException("HTTPS keystore " + properties.keystoreFile() + " not found: run"
                    + " ./signet provision (development), set signet.security.tls.keystore-file, or set"
                    + " server.ssl.enabled=false behind a TLS-terminating proxy");
        }
        String password = password(properties);
        JksSslStoreDetails keyStore = new JksSslStoreDetails("PKCS12", null,
                properties.keystoreFile().toUri().toString(), password);
        return SslBundle.of(new JksSslStoreBundle(keyStore, null), SslBundleKey.of(password, properties.keyAlias()),
                SslOptions.of(null, PROTOCOLS));
    }

    private static String password(TlsProperties properties) {
        if (properties.keystorePassword() != null && !properties.keystorePassword().isEmpty()) {
            return properties.keystorePassword();
        }
        try {
            return Files.readString(properties.keystorePasswordFile(), StandardCharsets.UTF_8).strip();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read the HTTPS keystore password file "
                    + properties.keystorePasswordFile() + " (" + ex.getClass().getSimpleName() + ")");
        }
    }
}
