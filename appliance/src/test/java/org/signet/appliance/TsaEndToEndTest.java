package org.signet.appliance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TSA as a real client uses it: {@code openssl ts -query}, sent with curl to {@code POST /tsa},
 * the reply checked with {@code openssl ts -verify} against the development root and the TSA
 * certificate fetched from {@code GET /tsa/certs}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TsaEndToEndTest {

    private static final TestTokens TOKENS = TestTokens.create();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path db = Files.createTempDirectory("signet-tsa-db");
        registry.add("signet.home", () -> TestHome.path().toString());
        registry.add("signet.hsm.library", TestHome::library);
        registry.add("signet.security.tokens.public-key-file", () -> TOKENS.publicKeyFile().toString());
        registry.add("spring.datasource.url", () -> TestDatabases.h2(db).url());
    }

    @LocalServerPort
    int port;

    @Test
    void opensslQuerySentWithCurlThenOpensslVerifyAcceptsOnlyTheStampedFile(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("result.txt"), "Kết quả số 42");
        Path other = Files.writeString(dir.resolve("other.txt"), "Kết quả số 43");
        Path query = dir.resolve("request.tsq");
        Path reply = dir.resolve("reply.tsr");
        Path chain = dir.resolve("tsa-chain.pem");
        run("openssl", "ts", "-query", "-data", data.toString(), "-cert", "-sha256", "-out", query.toString());

        ExternalTool.Result certs = run("curl", "-sS", "-f", "-o", chain.toString(), url("/tsa/certs"));
        assertThat(Files.readString(chain)).contains("BEGIN CERTIFICATE");
        ExternalTool.Result posted = run("curl", "-sS", "-f", "-H", "Content-Type: application/timestamp-query",
                "-H", "Authorization: Bearer " + TOKENS.forRole("portal"), "--data-binary", "@" + query,
                "-o", reply.toString(), "-w", "%{content_type}", url("/tsa"));
        assertThat(posted.output()).isEqualTo("application/timestamp-reply");

        ExternalTool.Result verified = ExternalTool.run(List.of("openssl", "ts", "-verify", "-data", data.toString(),
                "-in", reply.toString(), "-CAfile", TestHome.pki("root-ca.pem").toString(), "-untrusted", chain.toString()));
        assertThat(verified.output()).contains("Verification: OK");
        ExternalTool.Result wrong = ExternalTool.run(List.of("openssl", "ts", "-verify", "-data", other.toString(),
                "-in", reply.toString(), "-CAfile", TestHome.pki("root-ca.pem").toString(), "-untrusted", chain.toString()));
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(certs.exitCode()).isZero();
    }

    @Test
    void timestampWhenNoBearerTokenThen401AndWhenWrongContentTypeThen415() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(url("/tsa")))
                .header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { 0x30, 0x00 })).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(URI.create(url("/tsa")))
                .header("Content-Type", "text/plain").header("Authorization", "Bearer " + TOKENS.forRole("portal"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(wrongType.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void timestampWhenGarbageThenRejectionReplyNot500() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/tsa")))
                .header("Content-Type", "application/timestamp-query").header("Authorization", "Bearer " + TOKENS.forRole("portal"))
                .POST(HttpRequest.BodyPublishers.ofString("not DER")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        org.bouncycastle.tsp.TimeStampResponse reply = new org.bouncycastle.tsp.TimeStampResponse(response.body());
        assertThat(reply.getStatus()).isEqualTo(org.bouncycastle.asn1.cmp.PKIStatus.REJECTION);
        assertThat(reply.getFailInfo().intValue()).isEqualTo(org.bouncycastle.asn1.cmp.PKIFailureInfo.badDataFormat);
    }

    @Test
    void publishedCrlAndCaCertificateAreServedWithoutAuthenticationAndParse(@TempDir Path dir) throws Exception {
        Path crl = dir.resolve("issuing-ca.crl");
        Path cer = dir.resolve("issuing-ca.cer");
        run("curl", "-sS", "-f", "-o", crl.toString(), url("/pki/crl/issuing-ca.crl"));
        run("curl", "-sS", "-f", "-o", cer.toString(), url("/pki/issuing-ca.cer"));
        assertThat(run("openssl", "crl", "-inform", "DER", "-in", crl.toString(), "-noout", "-issuer").output())
                .contains("Signet Development Issuing CA");
        assertThat(run("openssl", "x509", "-inform", "DER", "-in", cer.toString(), "-noout", "-subject").output())
                .contains("Signet Development Issuing CA");
        HttpResponse<String> traversal = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url("/pki/crl/..%2F..%2Fissuing-ca.key.crl"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(traversal.statusCode()).isBetween(400, 404);
        assertThat(traversal.body()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void prometheusMetricsForOperatorsOnlyWithLatencyHistogramsAndKeyExpiry() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        run("curl", "-sS", "-o", "/dev/null", url("/tsa/certs"));
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                .header("Authorization", "Bearer " + TOKENS.forRole("operator")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("http_server_requests_seconds_bucket")
                .containsPattern("signet_certificate_expiry_days\\{[^}]*key=\"tsa\"[^}]*\\} [0-9]")
                .containsPattern("signet_certificate_expiry_days\\{[^}]*key=\"audit\"")
                // no long-task timers next to the request timers, no Spring Security observations (issue 10, round 5)
                .doesNotContain("http_server_requests_active").doesNotContain("spring_security_");
        HttpResponse<String> portal = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                .header("Authorization", "Bearer " + TOKENS.forRole("portal")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(portal.statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static ExternalTool.Result run(String... command) {
        ExternalTool.Result result = ExternalTool.run(List.of(command));
        assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
        return result;
    }
}
