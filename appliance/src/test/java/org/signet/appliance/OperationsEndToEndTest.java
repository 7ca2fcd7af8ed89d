package org.signet.appliance;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator relies on, against the running application as deployed in Kubernetes (probes on,
 * JSON logs on, PostgreSQL reached through a proxy the test can cut, the real SoftHSM token):
 * liveness and readiness follow the HSM and the database and come back by themselves; signing
 * answers 503 at once while the HSM is gone and works again without a restart; the Prometheus
 * scrape shows the sign, validation, time-stamp, cache and HSM error series; log lines are JSON
 * with the request and client ids and never the bearer token.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsEndToEndTest extends ProxiedDatabaseApplicationTest {

    @Test
    void probesWhenAllUpThenUpAndComponentsOnlyForOperators() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health/liveness", null).body()).isEqualTo("{\"status\":\"UP\"}");

        JsonNode operator = json.readTree(get("/actuator/health/readiness", TOKENS.forRole("operator")).body());
        assertThat(operator.path("components").propertyNames()).containsExactlyInAnyOrder("readinessState", "db", "hsm");
        assertThat(operator.path("components").path("hsm").path("details").path("key").asString()).isEqualTo("seal");
        JsonNode liveness = json.readTree(get("/actuator/health/liveness", TOKENS.forRole("operator")).body());
        assertThat(liveness.path("components").propertyNames()).containsExactly("livenessState");
        assertThat(get("/actuator/health", TOKENS.forRole("portal")).body()).doesNotContain("components", "hsm");
    }

    @Test
    void hsmTokenGoneThenReadinessDownAndSigning503WithRequestIdThenBothRecoverWithoutRestart(CapturedOutput output)
            throws Exception {
        Path tokenDir;
        try (Stream<Path> dirs = Files.list(TestHome.path().resolve("tokens"))) {
            tokenDir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path aside = TestHome.path().resolve("tokens-aside-" + ProcessHandle.current().pid());
        String portal = TOKENS.forRole("portal");
        Files.move(tokenDir, aside);
        try {
            HttpResponse<String> readiness = get("/actuator/health/readiness", TOKENS.forRole("operator"));
            assertThat(readiness.statusCode()).isEqualTo(503);
            JsonNode health = json.readTree(readiness.body());
            assertThat(health.path("status").asString()).isEqualTo("DOWN");
            assertThat(health.path("components").path("hsm").path("status").asString()).isEqualTo("DOWN");
            assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
            assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);

            HttpResponse<String> refused = http.send(signRequest(portal, "support-ticket-4711"), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.path("type").asString()).isEqualTo("urn:signet:problem:hsm-unavailable");
            assertThat(problem.path("requestId").asString()).isEqualTo("support-ticket-4711");
            assertThat(refused.headers().firstValue("X-Request-Id")).hasValue("support-ticket-4711");
        }
        finally {
            Files.move(aside, tokenDir);
        }
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> signed = http.send(signRequest(portal, null), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(signed.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f-]{36}");

        String scrape = scrape();
        assertThat(counter(scrape, "signet_hsm_errors_total", "reason=\"unavailable\"")
                + counter(scrape, "signet_hsm_errors_total", "reason=\"CKR_")).isPositive();
        assertThat(counter(scrape, "signet_hsm_recoveries_total", "result=\"reinitialised\"")).isPositive();

        // The 503's log line: one JSON object with the request and client ids; the bearer token nowhere.
        List<JsonNode> lines = output.getOut().lines().filter(line -> line.startsWith("{"))
                .map(line -> json.readTree(line)).filter(line -> "support-ticket-4711".equals(line.path("requestId").asString(null)))
                .toList();
        assertThat(lines).isNotEmpty().anySatisfy(line -> {
            assertThat(line.path("clientId").asString()).isEqualTo("test-portal");
            assertThat(line.path("message").asString()).contains("HSM");
            assertThat(line.path("log").path("level").asString()).isEqualTo("ERROR");
        });
        assertThat(output.getAll()).doesNotContain(portal);
    }

    @Test
    void databaseCutThenReadinessDownThenUpAgainAfterItReturns() throws Exception {
        PROXY.stop();
        try {
            HttpResponse<String> readiness = get("/actuator/health/readiness", TOKENS.forRole("operator"));
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(json.readTree(readiness.body()).path("components").path("db").path("status").asString()).isEqualTo("DOWN");
            assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        }
        finally {
            PROXY.start();
        }
        // Connections that died with the cut may still be pooled: Hikari replaces them as they fail.
        int status = 0;
        for (int attempt = 0; attempt < 20 && status != 200; attempt++) {
            status = get("/actuator/health/readiness", null).statusCode();
            if (status != 200) {
                Thread.sleep(500);
            }
        }
        assertThat(status).isEqualTo(200);
    }

    @Test
    void afterSignValidateAndTimestampThenScrapeShowsTheirSeriesWithCounts() throws Exception {
        String portal = TOKENS.forRole("portal");
        HttpResponse<byte[]> signed = http.send(signRequest(portal, null), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(signed.statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> validated = http.send(Requests.multipart(uri("/api/v1/validations"), TOKENS.forRole("auditor"),
                    Map.of("signed.pdf", signed.body()), Map.of()), HttpResponse.BodyHandlers.ofString());
            assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
        }
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        byte[] query = generator.generate(TSPAlgorithms.SHA256,
                MessageDigest.getInstance("SHA-256").digest("Kết quả".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                BigInteger.valueOf(42)).getEncoded();
        HttpResponse<byte[]> stamped = http.send(HttpRequest.newBuilder(uri("/tsa")).header("Authorization", "Bearer " + portal)
                .header("Content-Type", "application/timestamp-query").POST(HttpRequest.BodyPublishers.ofByteArray(query)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new TimeStampResponse(stamped.body()).getStatus()).isZero();

        String scrape = scrape();
        assertThat(counter(scrape, "signet_sign_seconds_count", "format=\"PAdES\"")).isPositive();
        assertThat(scrape).containsPattern("signet_sign_seconds_bucket\\{[^}]*format=\"PAdES\"[^}]*le=\"0\\.1\"");
        assertThat(counter(scrape, "signet_validation_seconds_count", "cache=\"miss\"")).isPositive();
        assertThat(counter(scrape, "signet_validation_seconds_count", "cache=\"hit\"")).isPositive();
        assertThat(scrape).containsPattern("signet_validation_seconds_count\\{[^}]*cache_type=\"caffeine\"");
        assertThat(counter(scrape, "signet_timestamp_seconds_count", "outcome=\"granted\"")).isPositive();
        assertThat(scrape).containsPattern("(?m)^signet_approvals_pending(\\{[^}]*\\})? [0-9]")
                .containsPattern("signet_certificate_expiry_days\\{[^}]*key=\"tsa\"")
                .containsPattern("signet_certificate_expiry_days\\{[^}]*key=\"audit\"")
                .doesNotContain("key=\"cred-");
    }

    private HttpRequest signRequest(String token, String requestId) {
        HttpRequest request = Requests.multipart(uri("/api/v1/signatures"), token,
                Map.of("result.pdf", TestPdfs.simple("Kết quả")), Map.of("format", "PAdES", "level", "B-B"));
        if (requestId == null) {
            return request;
        }
        HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true).header("X-Request-Id", requestId);
        return copy.build();
    }

    private String scrape() throws Exception {
        HttpResponse<String> scrape = get("/actuator/prometheus", TOKENS.forRole("operator"));
        assertThat(scrape.statusCode()).isEqualTo(200);
        return scrape.body();
    }

    /** Sum of the samples of {@code metric} whose labels contain {@code labelPart}. */
    private static double counter(String scrape, String metric, String labelPart) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        double sum = 0;
        while (matcher.find()) {
            if (matcher.group(1).contains(labelPart)) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
