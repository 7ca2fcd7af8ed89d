package org.signet.appliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.signet.core.test.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context shared by the security tests (authorisation matrix, tenancy, secrets,
 * page headers): the test token and PKI, a fresh H2 audit database, plain HTTP (the HTTPS default
 * has its own end-to-end test) and no rate limit (the matrix makes many calls per client).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.ssl.enabled=false", "signet.security.rate-limit.enabled=false" })
public abstract class SecuredApplicationTest {

    protected static final TestTokens TOKENS = TestTokens.create();
    private static final Path DATABASE_DIR = TestDatabases.newDirectory("signet-security-db");

    @DynamicPropertySource
    static void securedApplicationProperties(DynamicPropertyRegistry registry) {
        EmbeddedApplicationProperties.register(registry, TOKENS, DATABASE_DIR);
    }

    @LocalServerPort
    protected int port;

    protected final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
