package org.signet.appliance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-client token buckets: the fourth call of one client is refused with 429, another client is not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "signet.security.rate-limit.capacity=3", "signet.security.rate-limit.refill=1",
        "signet.security.rate-limit.period=1h" })
class RateLimitTest {

    private static final TestTokens TOKENS = TestTokens.create();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path db = Files.createTempDirectory("signet-ratelimit-db");
        registry.add("signet.home", () -> TestHome.path().toString());
        registry.add("signet.hsm.library", TestHome::library);
        registry.add("signet.security.tokens.public-key-file", () -> TOKENS.publicKeyFile().toString());
        registry.add("spring.datasource.url", () -> TestDatabases.h2(db).url());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void requestsOverTheClientsBudgetThen429WithRetryAfterWhileOtherClientsAndHealthStillPass() throws Exception {
        String greedy = TOKENS.forRole("auditor");
        for (int i = 0; i < 3; i++) {
            assertThat(call(greedy).statusCode()).isNotEqualTo(429);
        }
        HttpResponse<String> refused = call(greedy);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isPositive();
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("urn:signet:problem:rate-limited");

        assertThat(call(TOKENS.forRole("portal")).statusCode()).as("another client").isNotEqualTo(429);
        for (int i = 0; i < 5; i++) {
            assertThat(http.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> call(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/v1/validations"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--\r\n")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
