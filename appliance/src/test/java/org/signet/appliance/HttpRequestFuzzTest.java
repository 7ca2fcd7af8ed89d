package org.signet.appliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the HTTP request handling of the whole application (Tomcat, Spring Security, MVC, every
 * controller, the problem handler) in the shared security test context, over real HTTP. Inputs are
 * requests in {@link HttpFuzzInput}'s text form; the invariants are {@link HttpFuzzHarness}'s (no
 * 5xx, 4xx are problems, no leaks, no hang). Seeds: the real, valid requests of
 * {@code src/test/resources/fuzz/http} plus one request per row of the authorisation matrix.
 * <p>
 * The normal suite replays every seed (Jazzer's regression mode) and runs a bounded, deterministic
 * mutation run ({@link HttpFuzzMutator}, {@code signet.fuzz.http.iterations}, default 400). The long,
 * coverage-guided run: {@code JAZZER_FUZZ=1 mvn -pl appliance -am verify -Dtest=HttpRequestFuzzTest ...}
 * (full command in docs/security.md).
 */
class HttpRequestFuzzTest extends SecuredApplicationTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(token|expired|stranger|audience|pdf|signed-pdf|xml|tsq|sha256)"
            + "(?::([A-Za-z0-9_-]{0,20}))?}");
    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("signet.fuzz.http.timeout-seconds", 30));
    private static final Map<String, String> VALUES = new ConcurrentHashMap<>();
    private static volatile HttpFuzzHarness harness;
    private static volatile Set<String> initialCredentials;
    /** The application's address, for placeholders that need it ({@code {signed-pdf}} is signed by the app itself). */
    private static volatile String base;

    @Autowired
    JsonMapper json;

    static Stream<Arguments> seeds() {
        return corpus().stream().map(bytes -> Arguments.of((Object) bytes));
    }

    /** The seed files, then one request per row of the authorisation matrix (a role that may call it). */
    static List<byte[]> corpus() {
        List<byte[]> seeds = new ArrayList<>();
        try {
            Path dir = Path.of(HttpRequestFuzzTest.class.getResource("/fuzz/http").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    seeds.add(Files.readAllBytes(file));
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
        for (AuthorizationMatrixTest.Row row : AuthorizationMatrixTest.rows()) {
            String role = row.allowed().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                    .filter(r -> !r.equals("none")).findFirst().orElse("portal");
            seeds.add((row.method() + " " + row.concretePath() + "\nAuthorization: Bearer {token:" + role
                    + "}\nAccept: */*\n\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return seeds;
    }

    @BeforeEach
    void harness() {
        base = "http://127.0.0.1:" + port;
        if (harness == null) {
            synchronized (HttpRequestFuzzTest.class) {
                if (harness == null) {
                    initialCredentials = credentialIds();
                    harness = new HttpFuzzHarness("http://127.0.0.1:" + port, HttpRequestFuzzTest::expand, secrets(),
                            initialCredentials, json, TIMEOUT);
                }
            }
        }
    }

    /** Credentials the fuzzer created (the create endpoint works) are deleted again, keys included. */
    @AfterEach
    void deleteCreatedCredentials() {
        for (String id : credentialIds()) {
            if (!initialCredentials.contains(id)) {
                send(Requests.json(uri("/api/v1/credentials/" + id), expand("{token:operator}"), "DELETE", null));
            }
        }
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "5m")
    void requestWhenFuzzedThenNoServerErrorAndEveryRefusalIsAProblem(byte[] input) {
        harness.run(input);
    }

    @Test
    void requestsWhenSeedsAreMutatedThenNoServerErrorAndEveryRefusalIsAProblem() {
        List<String> requestLines = AuthorizationMatrixTest.rows().stream().map(r -> r.method() + " " + r.concretePath()).toList();
        HttpFuzzMutator mutator = new HttpFuzzMutator(Long.getLong("signet.fuzz.http.seed", 9457), corpus(), requestLines);
        int iterations = Integer.getInteger("signet.fuzz.http.iterations", 400);
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < iterations; i++) {
            byte[] input = mutator.next();
            try {
                statuses.merge(harness.run(input), 1, Integer::sum);
            }
            catch (AssertionError | RuntimeException ex) {
                throw new AssertionError("input " + i + " (saved as " + save(input) + "): " + ex.getMessage(), ex);
            }
        }
        // The run reached the application, not only the front door: some inputs were accepted, some refused.
        assertThat(statuses.keySet()).as("statuses seen: " + statuses).anyMatch(s -> s >= 200 && s < 300)
                .anyMatch(s -> s >= 400 && s < 500);
    }

    private static String save(byte[] input) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "http-fuzz-findings"));
            Path file = dir.resolve("input-" + new BigInteger(1, sha256(input)).toString(16).substring(0, 16));
            Files.write(file, input);
            return file.toString();
        }
        catch (IOException ex) {
            return "(not saved: " + ex.getMessage() + ")";
        }
    }

    private Set<String> credentialIds() {
        HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/api/v1/credentials"))
                .header("Authorization", "Bearer " + expand("{token:operator}")).build());
        assertThat(list.statusCode()).isEqualTo(200);
        Set<String> ids = new HashSet<>();
        for (JsonNode credential : json.readTree(list.body())) {
            ids.add(credential.path("id").asString());
        }
        return ids;
    }

    private Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        try {
            for (String file : List.of("hsm-user-pin", "validation-cache-hmac.key", "tls-keystore-password")) {
                secrets.put(file, Files.readString(TestHome.path().resolve("secrets").resolve(file)).strip());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        for (String role : AuthorizationMatrixTest.ROLES) {
            String token = expand("{token:" + role + "}");
            secrets.put(role + " token signature", token.substring(token.lastIndexOf('.') + 1));
        }
        return secrets;
    }

    /** Expands the placeholders of a header value or body; values are made once per run. */
    static String expand(String text) {
        if (text.indexOf('{') < 0) {
            return text;
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group();
            if (VALUES.size() > 200 && !VALUES.containsKey(key)) {
                continue; // fuzzed role names: a bounded number of distinct tokens
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(VALUES.computeIfAbsent(key,
                    k -> value(matcher.group(1), matcher.group(2) == null ? "portal" : matcher.group(2)))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String value(String kind, String role) {
        return switch (kind) {
            case "token" -> TOKENS.forRole(role);
            case "expired" -> TOKENS.expired(role);
            case "stranger" -> TestTokens.signedByStranger(role);
            case "audience" -> TOKENS.withAudience(role, "someone-else");
            case "pdf" -> latin1(TestPdfs.simple("Fuzz"));
            case "signed-pdf" -> latin1(signedPdf());
            case "xml" -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?><dossier id=\"d1\"><item>fuzz</item></dossier>";
            case "tsq" -> latin1(timeStampQuery());
            case "sha256" -> Base64.getEncoder().encodeToString(sha256("fuzz".getBytes(StandardCharsets.UTF_8)));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static byte[] signedPdf() {
        HttpResponse<byte[]> signed;
        try {
            signed = java.net.http.HttpClient.newHttpClient().send(Requests.multipart(URI.create(base + "/api/v1/signatures"),
                    TOKENS.forRole("portal"), Map.of("a.pdf", TestPdfs.simple("Fuzz signed")), Map.of()),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        if (signed.statusCode() != 200) {
            throw new IllegalStateException("could not sign the seed PDF: " + signed.statusCode());
        }
        return signed.body();
    }

    private static byte[] timeStampQuery() {
        try {
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(true);
            return generator.generate(TSPAlgorithms.SHA256, sha256("fuzz".getBytes(StandardCharsets.UTF_8)), BigInteger.ONE).getEncoded();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
