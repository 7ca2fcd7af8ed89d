package org.signet.appliance.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Mutual TLS on the HTTPS connector ({@link MtlsProperties}): the client CAs become the connector's
 * trust store, the handshake asks for (need) or accepts (want) a client certificate, and with a CRL
 * file Tomcat's PKIX check refuses revoked certificates. Expired certificates and certificates of
 * other CAs fail the same check. The token binding itself is {@link CertificateBoundTokenFilter}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "signet.security.mtls.enabled", havingValue = "true")
@EnableConfigurationProperties(MtlsProperties.class)
public class MutualTlsConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> mutualTls(MtlsProperties mtls, Environment environment) {
        if (!environment.getProperty("server.ssl.enabled", Boolean.class, true)) {
            throw new IllegalStateException("signet.security.mtls.enabled needs HTTPS on Signet's own connector"
                    + " (server.ssl.enabled=true); behind a TLS-terminating proxy, let the proxy check client certificates");
        }
        KeyStore trustStore = clientCas(mtls);
        if (mtls.crlFile() != null && !Files.isReadable(mtls.crlFile())) {
            throw new IllegalStateException("mTLS CRL file " + mtls.crlFile() + " not readable (signet.security.mtls.crl-file)");
        }
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) {
                for (SSLHostConfig host : protocol.findSslHostConfigs()) {
                    host.setTrustStore(trustStore);
                    host.setCertificateVerification(mtls.clientAuth() == MtlsProperties.ClientAuth.NEED ? "required" : "optional");
                    if (mtls.crlFile() != null) {
                        host.setCertificateRevocationListFile(mtls.crlFile().toAbsolutePath().toString());
                        host.setRevocationEnabled(true);
                    }
                }
            }
        });
    }

    static KeyStore clientCas(MtlsProperties mtls) {
        if (mtls.clientCaFile() == null || !Files.isReadable(mtls.clientCaFile())) {
            throw new IllegalStateException("mTLS is on but the client CA file " + mtls.clientCaFile()
                    + " is not readable (signet.security.mtls.client-ca-file)");
        }
        try (InputStream in = Files.newInputStream(mtls.clientCaFile())) {
            Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (cas.isEmpty()) {
                throw new IllegalStateException("no certificate in the mTLS client CA file " + mtls.clientCaFile());
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                store.setCertificateEntry("client-ca-" + i++, ca);
            }
            return store;
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException("cannot read the mTLS client CA file " + mtls.clientCaFile() + ": " + ex.getMessage(), ex);
        }
    }
}
