package org.signet.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.checkpoint.CheckpointVerifier;
import org.signet.audit.checkpoint.TimestampVerifier;
import org.signet.audit.export.ExportLines;
import org.signet.audit.export.ExportVerification;
import org.signet.audit.export.ExportVerifier;
import org.signet.core.hsm.HsmToken;
import org.signet.core.hsm.TokenKey;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two real application instances (two Spring contexts in this JVM, each with its own web server on
 * a random port, connection pools and HSM session pool) against one PostgreSQL schema, one Redis
 * key prefix and the one SoftHSM token, as replicas behind a load balancer run: an approval made on
 * A is approved (TOTP) on B and seen SIGNED on A; one CSC SAD presented to both at once signs once;
 * time-stamps from both have distinct serials and verify; the audit log both wrote verifies; a
 * validation done on A is a report-cache hit on B. (The PKCS#11 module is initialised once per
 * process and never finalised by a token's close, so two tokens in one JVM share it safely.)
 */
class TwoInstancesEndToEndTest {

    private static final TestTokens TOKENS = TestTokens.create();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REDIS_PREFIX = "signet-test:" + UUID.randomUUID() + ":";
    private static final String SHA256_OID = "2.16.840.1.101.3.4.2.1";
    private static final String RSA_SHA256_OID = "1.2.840.113549.1.1.11";

    private static ConfigurableApplicationContext contextA;
    private static ConfigurableApplicationContext contextB;
    private static String baseA;
    private static String baseB;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTwoInstances() {
        TestDatabases.TestDatabase database = TestDatabases.postgresSchema();
        contextA = start("replica-a", database);
        contextB = start("replica-b", database);
        baseA = "http://127.0.0.1:" + port(contextA);
        baseB = "http://127.0.0.1:" + port(contextB);
        // The provisioned citizen key belongs to nobody; here it is citizen-r's (as the operator API would record).
        contextA.getBean(JdbcTemplate.class).update("UPDATE signer_credential SET owner = ? WHERE id = 'citizen'", "citizen-r");
    }

    private static ConfigurableApplicationContext start(String instance, TestDatabases.TestDatabase database) {
        // Command-line arguments: they win over application.yaml (builder "properties" are only defaults).
        return new SpringApplicationBuilder(SignetApplication.class).run(Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("signet.home", TestHome.path().toString()),
                Map.entry("signet.hsm.library", TestHome.library()),
                Map.entry("signet.security.tokens.public-key-file", TOKENS.publicKeyFile().toString()),
                Map.entry("signet.security.rate-limit.enabled", "false"),
                Map.entry("spring.datasource.url", database.url()),
                Map.entry("spring.datasource.username", database.user()),
                Map.entry("spring.datasource.password", database.password()),
                Map.entry("signet.audit.instance-id", instance),
                Map.entry("signet.audit.checkpoint.every-records", "5"),
                Map.entry("signet.audit.checkpoint.every", "2s"),
                Map.entry("signet.audit.checkpoint.check-interval", "200ms"),
                Map.entry("signet.approval.store", "redis"),
                Map.entry("signet.approval.redis-key-prefix", REDIS_PREFIX + "approval:"),
                Map.entry("signet.signer.sad.store", "redis"),
                Map.entry("signet.signer.sad.redis-key-prefix", REDIS_PREFIX + "csc-sad:"),
                Map.entry("signet.verifier.cache.type", "redis"),
                Map.entry("signet.verifier.cache.key-prefix", REDIS_PREFIX + "validation:"))
                .entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stopInstancesAndRemoveKeys() {
        if (contextB != null) {
            contextB.close();
        }
        if (contextA != null) {
            contextA.close();
        }
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys(REDIS_PREFIX + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        }
        finally {
            client.shutdown();
        }
    }

    @Test
    void approvalRequestedOnAApprovedOnBIsSignedOnA() throws Exception {
        String portal = TOKENS.forRole("portal"); // test-portal: owns the citizen credential (tenancy)
        String enrolmentLink = send(baseA, "POST", "/api/v1/approvals/enrolments", portal,
                "{\"credentialId\":\"citizen\"}", 201).path("link").asString();
        String secret = send(baseB, "POST", "/approval/api/enrolment/totp", null, null, 200,
                Map.of("X-Enrolment-Token", enrolmentLink.substring(enrolmentLink.indexOf('#') + 1))).path("secret").asString();

        byte[] dtbs = MessageDigest.getInstance("SHA-256").digest("hồ sơ hai máy".getBytes(StandardCharsets.UTF_8));
        JsonNode pending = send(baseA, "POST", "/api/v1/approvals", portal, """
                {"credentialId":"citizen","documents":[{"name":"ho-so.pdf","size":1000,"digest":"%s"}]}"""
                .formatted(Base64.getEncoder().encodeToString(dtbs)), 202);
        String link = pending.path("approvalLink").asString();
        String code = new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, Instant.now().getEpochSecond() / 30);
        JsonNode approved = send(baseB, "POST", "/approval/api/request/approve-totp", null, "{\"code\":\"" + code + "\"}", 200,
                Map.of("X-Approval-Token", link.substring(link.indexOf('#') + 1)));
        assertThat(approved.path("status").asString()).isIn("APPROVED", "SIGNED");

        JsonNode done = send(baseA, "GET", "/api/v1/approvals/" + pending.path("requestId").asString() + "?waitSeconds=20",
                portal, null, 200);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SIGNED");
        assertThat(done.path("method").asString()).isEqualTo("totp");
        TokenKey key = contextA.getBean(HsmToken.class).findKey("citizen").orElseThrow();
        Signature verifier = Signature.getInstance(key.algorithm().name().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA");
        verifier.initVerify(key.certificate().getPublicKey());
        verifier.update("hồ sơ hai máy".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(done.path("signatures").get(0).asString()))).isTrue();
    }

    @Test
    void sadAuthorizedOnAUsedOnAAndBAtOnceSignsExactlyOnce() throws Exception {
        String portal = TOKENS.forRole("portal");
        for (int round = 0; round < 3; round++) {
            String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(("round " + round).getBytes(StandardCharsets.UTF_8)));
            String sad = send(baseA, "POST", "/csc/v2/credentials/authorize", portal, "{\"credentialID\":\"seal\","
                    + "\"numSignatures\":1,\"hashes\":[\"" + hash + "\"],\"hashAlgorithmOID\":\"" + SHA256_OID + "\"}", 200)
                    .path("SAD").asString();
            String signHash = "{\"credentialID\":\"seal\",\"SAD\":\"" + sad + "\",\"hashes\":[\"" + hash
                    + "\"],\"hashAlgorithmOID\":\"" + SHA256_OID + "\",\"signAlgo\":\"" + RSA_SHA256_OID + "\"}";
            List<HttpResponse<String>> answers = concurrently(List.of(
                    () -> raw(baseA, "POST", "/csc/v2/signatures/signHash", portal, signHash, Map.of()),
                    () -> raw(baseB, "POST", "/csc/v2/signatures/signHash", portal, signHash, Map.of())));
            assertThat(answers.stream().filter(a -> a.statusCode() == 200)).as("round " + round).hasSize(1);
            HttpResponse<String> refused = answers.stream().filter(a -> a.statusCode() != 200).findFirst().orElseThrow();
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("error").asString()).isEqualTo("invalid_request");
        }
        // A SAD issued by A is redeemable on B (the store is shared, not per instance), then spent.
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest("issued on A, used on B".getBytes(StandardCharsets.UTF_8)));
        String sad = send(baseA, "POST", "/csc/v2/credentials/authorize", portal, "{\"credentialID\":\"seal\","
                + "\"numSignatures\":1,\"hashes\":[\"" + hash + "\"],\"hashAlgorithmOID\":\"" + SHA256_OID + "\"}", 200)
                .path("SAD").asString();
        String signHash = "{\"credentialID\":\"seal\",\"SAD\":\"" + sad + "\",\"hashes\":[\"" + hash
                + "\"],\"hashAlgorithmOID\":\"" + SHA256_OID + "\",\"signAlgo\":\"" + RSA_SHA256_OID + "\"}";
        assertThat(raw(baseB, "POST", "/csc/v2/signatures/signHash", portal, signHash, Map.of()).statusCode()).isEqualTo(200);
        assertThat(raw(baseA, "POST", "/csc/v2/signatures/signHash", portal, signHash, Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void timestampsFromBothInstancesHaveDistinctSerialsAndVerify(@TempDir Path dir) throws Exception {
        X509Certificate tsaCertificate = PemCertificates.loadFile(TestHome.pki("certs/tsa.pem")).get(0).getCertificate();
        String portal = TOKENS.forRole("portal");
        int count = 24;
        List<Callable<byte[]>> calls = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] content = ("kết quả " + i).getBytes(StandardCharsets.UTF_8);
            data.add(content);
            byte[] query = new TimeStampRequestGenerator().generate(TSPAlgorithms.SHA256,
                    MessageDigest.getInstance("SHA-256").digest(content), BigInteger.valueOf(i)).getEncoded();
            String base = i % 2 == 0 ? baseA : baseB;
            calls.add(() -> {
                HttpResponse<byte[]> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/tsa"))
                        .header("Authorization", "Bearer " + portal).header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(query)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(reply.statusCode()).isEqualTo(200);
                return reply.body();
            });
        }
        List<byte[]> replies = concurrently(calls);
        Set<BigInteger> serials = new HashSet<>();
        for (byte[] reply : replies) {
            TimeStampToken token = new TimeStampResponse(reply).getTimeStampToken();
            assertThat(token).isNotNull();
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCertificate));
            serials.add(token.getTimeStampInfo().getSerialNumber());
        }
        assertThat(serials).hasSize(count);

        // An independent check of one reply from each instance.
        Path chain = dir.resolve("chain.pem");
        Files.write(chain, raw(baseB, "GET", "/tsa/certs", null, null, Map.of()).body().getBytes(StandardCharsets.US_ASCII));
        for (int i : new int[] { 0, 1 }) {
            Path content = Files.write(dir.resolve("data-" + i), data.get(i));
            Path reply = Files.write(dir.resolve("reply-" + i + ".tsr"), replies.get(i));
            ExternalTool.Result verified = ExternalTool.run(List.of("openssl", "ts", "-verify", "-data", content.toString(),
                    "-in", reply.toString(), "-CAfile", TestHome.pki("root-ca.pem").toString(), "-untrusted", chain.toString()));
            assertThat(verified.output()).as("reply from instance " + (i == 0 ? "A" : "B")).contains("Verification: OK");
        }
    }

    @Test
    void validationOnAIsACacheHitOnBAndTheAuditLogBothWroteVerifies() throws Exception {
        HttpResponse<String> signedResponse = rawBytes(baseA, TestPdfs.simple("Một bản, hai máy"), "portal", "/api/v1/signatures");
        assertThat(signedResponse.statusCode()).isEqualTo(200);
        byte[] signed = signedResponse.body().getBytes(StandardCharsets.ISO_8859_1);

        JsonNode onA = JSON.readTree(rawBytes(baseA, signed, "auditor", "/api/v1/validations").body());
        JsonNode onB = JSON.readTree(rawBytes(baseB, signed, "auditor", "/api/v1/validations").body());
        assertThat(onA.path("signatures").get(0).path("indication").asString()).isEqualTo("TOTAL_PASSED");
        assertThat(onA.path("cached").asBoolean()).as("first validation").isFalse();
        assertThat(onB.path("cached").asBoolean()).as("same document on the other instance").isTrue();
        assertThat(onB.path("signatures").get(0).path("indication").asString()).isEqualTo("TOTAL_PASSED");
        String auditor = TOKENS.forRole("auditor");
        String digest = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signed));
        JsonNode validated = send(baseA, "GET", "/api/v1/audit/records?documentDigest=" + digest, auditor, null, 200)
                .path("records");
        assertThat(validated).anySatisfy(r -> {
            assertThat(r.path("type").asString()).isEqualTo("VALIDATION_PERFORMED");
            assertThat(r.path("instanceId").asString()).isEqualTo("replica-b");
            assertThat(r.path("attributes").path("cacheHit").asString()).isEqualTo("true");
        });

        // Both instances appended to one chain: once a checkpoint (made by either) covers the last
        // record, the export from B verifies offline and holds records from both.
        long head = validated.findValues("seq").stream().mapToLong(JsonNode::asLong).max().orElseThrow();
        awaitCheckpointCovering(head, auditor);
        HttpResponse<String> export = raw(baseB, "GET", "/api/v1/audit/export?from=1&to=" + head, auditor, null, Map.of());
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        List<String> lines = export.body().lines().toList();
        ExportVerification verified = new ExportVerifier(new AuditRecordCodec(), new ExportLines(),
                new CheckpointVerifier(PemCertificates.loadFile(TestHome.pki("certs/audit.pem")).get(0).getCertificate()),
                new TimestampVerifier(PemCertificates.loadFile(TestHome.pki("certs/tsa.pem")).get(0).getCertificate()))
                .verify(lines);
        assertThat(verified.valid()).as(verified.reason()).isTrue();
        assertThat(verified.records()).isGreaterThanOrEqualTo(head);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"kind\":\"record\"").contains("\"instanceId\":\"replica-a\""));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"kind\":\"record\"").contains("\"instanceId\":\"replica-b\""));
    }

    /** Polls the checkpoint list (checkpoints come every 5 records or 2 s, made by either instance). */
    private void awaitCheckpointCovering(long seq, String auditor) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonNode page = send(baseA, "GET", "/api/v1/audit/checkpoints?limit=1&after=" + (seq - 1), auditor, null, 200).path("checkpoints");
            if (page.findValues("treeSize").stream().anyMatch(t -> t.asLong() >= seq)) {
                return;
            }
            assertThat(System.nanoTime()).as("a checkpoint covering record " + seq).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls.size(), 8));
        try {
            CountDownLatch ready = new CountDownLatch(calls.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            if (calls.size() <= 8) {
                ready.await();
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }

    private JsonNode send(String base, String method, String path, String bearer, String body, int expected) throws Exception {
        return send(base, method, path, bearer, body, expected, Map.of());
    }

    private JsonNode send(String base, String method, String path, String bearer, String body, int expected,
            Map<String, String> headers) throws Exception {
        HttpResponse<String> response = raw(base, method, path, bearer, body, headers);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> raw(String base, String method, String path, String bearer, String body,
            Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart upload of one file; the answer's bytes kept as ISO-8859-1 text (PDFs survive the round trip). */
    private HttpResponse<String> rawBytes(String base, byte[] file, String role, String path) throws Exception {
        return http.send(Requests.multipart(URI.create(base + path), TOKENS.forRole(role), Map.of("dossier.pdf", file), Map.of()),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }
}
