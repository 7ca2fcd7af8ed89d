package org.signet.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.junit.jupiter.api.Test;
import org.signet.appliance.security.CertificateBoundTokenFilter;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mutual TLS with certificate-bound tokens (RFC 8705), over real TLS handshakes: client
 * certificates issued by the development CA with {@code dev-ca.sh --profile client} (one revoked
 * before start, so the CRL Tomcat loads lists it), one from a foreign CA; connector mode {@code need}.
 * No certificate, a foreign or a revoked one: no HTTP answer at all. A valid certificate with a
 * token bound to it: allowed; a token bound to another certificate, or not bound: 401 problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.ssl.enabled=true", "signet.security.mtls.enabled=true", "signet.security.mtls.client-auth=need" })
class MutualTlsEndToEndTest {

    private static final TestTokens TOKENS = TestTokens.create();
    private static Path clients;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path db = Files.createTempDirectory("signet-mtls-db");
        clients = Files.createTempDirectory("signet-mtls-clients");
        for (String name : List.of("mtls-portal", "mtls-other", "mtls-revoked")) {
            issueFromDevCa(name);
        }
        devCa("revoke", clients.resolve("mtls-revoked.pem").toString(), "keyCompromise");
        issueFromForeignCa("mtls-intruder");
        registry.add("signet.home", () -> TestHome.path().toString());
        registry.add("signet.hsm.library", TestHome::library);
        registry.add("signet.security.tokens.public-key-file", () -> TOKENS.publicKeyFile().toString());
        registry.add("spring.datasource.url", () -> TestDatabases.h2(db).url());
        registry.add("signet.security.mtls.client-ca-file", () -> TestHome.pki("issuing-ca.pem").toString());
        registry.add("signet.security.mtls.crl-file", () -> TestHome.pki("issuing-ca.crl.pem").toString());
    }

    @LocalServerPort
    int port;

    @Test
    void connectWhenNoCertificateOrForeignOrRevokedThenRefusedInTheHandshake() throws Exception {
        for (HttpClient client : List.of(client(null), client("mtls-intruder"), client("mtls-revoked"))) {
            assertThatThrownBy(() -> client.send(get("/actuator/health", null), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
        // The same server answers a client with a valid certificate.
        assertThat(client("mtls-portal").send(get("/actuator/health", null), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void callWhenTokenIsBoundToThisCertificateThenAllowedOtherwiseRefused() throws Exception {
        HttpClient portal = client("mtls-portal");
        String boundHere = TOKENS.forSubject("mtls-operator", "operator", Map.of("cnf", Map.of("x5t#S256", thumbprint("mtls-portal"))));
        String boundElsewhere = TOKENS.forSubject("mtls-operator", "operator", Map.of("cnf", Map.of("x5t#S256", thumbprint("mtls-other"))));

        HttpResponse<String> allowed = portal.send(get("/api/v1/credentials", boundHere), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("\"id\"");

        for (String token : List.of(boundElsewhere, TOKENS.forRole("operator"))) {
            HttpResponse<String> refused = portal.send(get("/api/v1/credentials", token), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
            assertThat(refused.body()).contains("urn:signet:problem:unauthenticated").doesNotContain(token);
        }
        // The stolen token replayed from the certificate it is bound to's sibling connection: refused too.
        HttpResponse<String> replayed = client("mtls-other").send(get("/api/v1/credentials", boundHere), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(401);
    }

    private HttpRequest get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static String thumbprint(String name) throws Exception {
        return CertificateBoundTokenFilter.thumbprint(certificate(clients.resolve(name + ".pem")));
    }

    /** A client whose only key is {@code name}'s (presented even when the server's CA list does not name its issuer). */
    private static HttpClient client(String name) throws Exception {
        KeyManager[] keys = null;
        if (name != null) {
            keys = new KeyManager[] { new FixedKeyManager(privateKey(clients.resolve(name + ".key")),
                    new X509Certificate[] { certificate(clients.resolve(name + ".pem")) }) };
        }
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("root", certificate(TestHome.pki("root-ca.pem")));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static void issueFromDevCa(String name) {
        Path key = clients.resolve(name + ".key");
        Path csr = clients.resolve(name + ".csr");
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        run("openssl", "req", "-new", "-key", key.toString(), "-subj", "/O=Signet test client/CN=" + name, "-out", csr.toString());
        devCa("issue", csr.toString(), clients.resolve(name + ".pem").toString(), "--profile", "client", "--days", "30");
    }

    private static void issueFromForeignCa(String name) throws IOException {
        Path caKey = clients.resolve("foreign-ca.key");
        Path ca = clients.resolve("foreign-ca.pem");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", caKey.toString(),
                "-out", ca.toString(), "-subj", "/CN=Foreign CA", "-days", "30", "-addext", "basicConstraints=critical,CA:true",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Path key = clients.resolve(name + ".key");
        Path csr = clients.resolve(name + ".csr");
        Path extensions = Files.writeString(clients.resolve("client.ext"), "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n");
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        run("openssl", "req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(), "-set_serial", "1",
                "-days", "30", "-extfile", extensions.toString(), "-out", clients.resolve(name + ".pem").toString());
    }

    private static void devCa(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(TestHome.repoRoot().resolve("hsm-config/dev-ca.sh").toString(),
                "--home", TestHome.path().toString()));
        command.addAll(List.of(arguments));
        run(command.toArray(String[]::new));
    }

    private static void run(String... command) {
        ExternalTool.Result result = ExternalTool.run(List.of(command));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
        }
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey privateKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** Always offers its one key, whatever CAs the server asks for (to show the server, not the client, refuses). */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {

        private final PrivateKey key;
        private final X509Certificate[] chain;

        FixedKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] { "client" };
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
