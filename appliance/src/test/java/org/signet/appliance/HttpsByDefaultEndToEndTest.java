package org.signet.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped default transport: HTTPS with the server key that provisioning made from the
 * development PKI, reached with the development root as the only trust anchor (hostname checked
 * against the certificate's SAN 127.0.0.1); TLS 1.2+, HSTS on answers; a client that does not
 * trust the dev root is refused in the handshake; plain HTTP gets no API answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.ssl.enabled=true")
class HttpsByDefaultEndToEndTest {

    private static final TestTokens TOKENS = TestTokens.create();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path db = Files.createTempDirectory("signet-https-db");
        registry.add("signet.home", () -> TestHome.path().toString());
        registry.add("signet.hsm.library", TestHome::library);
        registry.add("signet.security.tokens.public-key-file", () -> TOKENS.publicKeyFile().toString());
        registry.add("spring.datasource.url", () -> TestDatabases.h2(db).url());
    }

    @LocalServerPort
    int port;

    @Test
    void signOverHttpsWhenDevRootIsTheTrustAnchorThenSignedWithHstsAndModernTls() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(TestHome.pki("root-ca.pem"))).build();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Strict-Transport-Security").orElse("")).contains("max-age=");
        assertThat(health.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        X509Certificate server = (X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0];
        assertThat(server.getIssuerX500Principal().getName()).contains("Signet Development Issuing CA");

        HttpResponse<byte[]> signed = client.send(org.signet.appliance.Requests.multipart(
                URI.create("https://127.0.0.1:" + port + "/api/v1/signatures"), TOKENS.forRole("portal"),
                Map.of("a.pdf", TestPdfs.simple("HTTPS")), Map.of()), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(new String(signed.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    @Test
    void connectWhenClientDoesNotTrustTheDevRootOrSpeaksPlainHttpThenNoAnswer() throws Exception {
        HttpClient untrusting = HttpClient.newBuilder().sslContext(trusting(TestHome.pki("certs/seal.pem"))).build();
        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);

        HttpResponse<String> plain;
        try {
            plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            return; // the TLS connector closed the plain connection: no answer at all
        }
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).doesNotContain("UP");
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            anchors.setCertificateEntry("anchor", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
