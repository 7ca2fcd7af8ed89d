package org.signet.appliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one fuzzer input ({@link HttpFuzzInput}) to the running application over real HTTP (Tomcat,
 * the whole Spring Security filter chain, MVC, the problem handler) and checks the answer:
 * <ul>
 * <li>no 5xx (a 503 would mean a dependency outage, which cannot happen in this test);</li>
 * <li>every 4xx is an RFC 9457 problem ({@code application/problem+json}, {@code type}
 * {@code urn:signet:problem:...} or {@code about:blank}, {@code status} = the status); the CSC API
 * may answer in its documented {@code {"error": ..., "error_description": ...}} shape instead;</li>
 * <li>no text answer holds a secret (HSM PIN, cache key, TLS password, a bearer token), a stack
 * trace, a fully qualified Java class name (in errors) or a file-system path, unless this request
 * or an earlier one of the run carried that text (an echo of callers' own input is no leak: the
 * audit log, for one, lists the paths of earlier refused requests);</li>
 * <li>an answer within {@link #timeout} (hang detection).</li>
 * </ul>
 * Inputs that would change a credential the other tests rely on (any non-GET request naming one of
 * the {@code protectedCredentials} under a credentials path) are not sent.
 */
final class HttpFuzzHarness {

    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\([\\w$]*\\.java:\\d+\\)|\\.java:\\d+\\)|Caused by: ");
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:java|javax|jakarta|org|com|eu|sun|tools|net|io)\\.[a-z][a-z0-9_]*(?:\\.[a-zA-Z_$][\\w$]*)+");
    private static final Pattern FILE_PATH = Pattern.compile(
            "(?:/(?:work|tmp|home|root|var|usr|opt|etc|proc)/[\\w.\\-/]*)|(?:[A-Za-z]:\\\\[\\w.\\\\-]+)");
    private static final Pattern WAIT_SECONDS = Pattern.compile("(?i)(waitSeconds=)[+\\-]?\\d+");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final UnaryOperator<String> placeholders;
    private final Map<String, String> secrets;
    private final Set<String> protectedCredentials;
    private final JsonMapper json;
    private final Duration timeout;
    /** Path- and class-name-like strings that requests of this run carried (bounded). */
    private final java.util.Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();

    HttpFuzzHarness(String base, UnaryOperator<String> placeholders, Map<String, String> secrets,
            Set<String> protectedCredentials, JsonMapper json, Duration timeout) {
        this.base = base;
        this.placeholders = placeholders;
        this.secrets = secrets;
        this.protectedCredentials = protectedCredentials;
        this.json = json;
        this.timeout = timeout;
    }

    /** The outcome of one input: its status, or -1 when it was not sent. */
    int run(byte[] data) {
        HttpFuzzInput input = HttpFuzzInput.decode(data, placeholders);
        if (touchesProtectedCredential(input)) {
            return -1;
        }
        // The approval long-poll waits up to 60 s by design; keep it short so a wait is not taken for a hang.
        String target = WAIT_SECONDS.matcher(input.target()).replaceAll("$11");
        HttpFuzzInput request = new HttpFuzzInput(input.method(), target, input.headers(), input.body());
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.uri(base)).timeout(timeout)
                    .method(request.method(), request.body().length == 0 && !hasContentType(request)
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(h -> builder.header(h.getKey(), h.getValue()));
        }
        catch (IllegalArgumentException ex) {
            return -1; // the JDK client cannot express this request (a client-side limit, not the server's)
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (HttpTimeoutException ex) {
            throw new AssertionError("no answer within " + timeout + " (hang) to " + describe(request));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("transport failure (server closed the connection?) for " + describe(request), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        check(request, new String(data, StandardCharsets.ISO_8859_1), response);
        return response.statusCode();
    }

    private void check(HttpFuzzInput request, String rawInput, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status >= 500) {
            fail("server error " + status, request, response, body);
        }
        String requestText = URLDecoder.decode(request.target().replace("+", "%2B"), StandardCharsets.UTF_8) + "\n"
                + request.headerText() + new String(request.body(), StandardCharsets.ISO_8859_1) + rawInput;
        remember(FILE_PATH, requestText);
        remember(CLASS_NAME, requestText);
        if (status >= 400 && !"HEAD".equals(request.method())) {
            checkProblem(request, response, contentType, body);
        }
        if (isText(contentType)) {
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                if (body.contains(secret.getValue()) && !requestText.contains(secret.getValue())) {
                    fail("answer holds the " + secret.getKey(), request, response, "(body withheld: it holds a secret)");
                }
            }
            leak(STACK_FRAME, "a stack trace", body, requestText, request, response);
            // Operator metrics name the data directory's disk (disk_free_bytes{path=...}) and, in a 406, their
            // media types, one with the protobuf message name io.prometheus.client.MetricFamily: by design.
            boolean metrics = request.target().startsWith("/actuator/prometheus");
            if (!metrics) {
                leak(FILE_PATH, "a file-system path", body, requestText, request, response);
            }
            if (status >= 400 && !metrics) {
                leak(CLASS_NAME, "a Java class name", body, requestText, request, response);
            }
        }
    }

    private void checkProblem(HttpFuzzInput request, HttpResponse<byte[]> response, String contentType, String body) {
        boolean csc = request.target().startsWith("/csc/v2/");
        JsonNode node;
        try {
            node = json.readTree(body);
        }
        catch (RuntimeException ex) {
            fail("4xx body is not JSON (content type '" + contentType + "')", request, response, body);
            return;
        }
        if (contentType.startsWith("application/problem+json")) {
            String type = node.path("type").asString("");
            if (!type.startsWith("urn:signet:problem:") && !type.equals("about:blank")) {
                fail("problem type '" + type + "' is neither urn:signet:problem:... nor about:blank", request, response, body);
            }
            if (node.has("status") && node.path("status").asInt() != response.statusCode()) {
                fail("problem status " + node.path("status") + " differs from the HTTP status", request, response, body);
            }
            return;
        }
        if (csc && contentType.startsWith("application/json") && node.path("error").isString()) {
            return; // the CSC API's own documented error shape (docs/api.md)
        }
        fail("4xx is not an RFC 9457 problem (content type '" + contentType + "')", request, response, body);
    }

    private void leak(Pattern pattern, String what, String body, String requestText, HttpFuzzInput request,
            HttpResponse<byte[]> response) {
        Matcher matcher = pattern.matcher(body);
        while (matcher.find()) {
            String found = matcher.group();
            if (!requestText.contains(found) && sent.stream().noneMatch(s -> s.contains(found))) {
                fail("answer holds " + what + " ('" + matcher.group() + "')", request, response, body);
            }
        }
    }

    private void remember(Pattern pattern, String requestText) {
        Matcher matcher = pattern.matcher(requestText);
        while (matcher.find() && sent.size() < 10_000) {
            sent.add(matcher.group());
        }
    }

    private boolean touchesProtectedCredential(HttpFuzzInput input) {
        if (input.method().equals("GET") || input.method().equals("HEAD") || input.method().equals("OPTIONS")) {
            return false;
        }
        String target = decodeFully(input.target()).toLowerCase(Locale.ROOT);
        if (!target.contains("credential")) {
            return false;
        }
        return protectedCredentials.stream().anyMatch(id -> target.contains(id.toLowerCase(Locale.ROOT)));
    }

    private static String decodeFully(String text) {
        String current = text;
        for (int i = 0; i < 3; i++) {
            try {
                current = URLDecoder.decode(current.replace("+", "%2B"), StandardCharsets.UTF_8);
            }
            catch (IllegalArgumentException ex) {
                return current;
            }
        }
        return current;
    }

    private static boolean hasContentType(HttpFuzzInput input) {
        return input.headers().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Content-Type"));
    }

    private static boolean isText(String contentType) {
        return contentType.isEmpty() || contentType.contains("json") || contentType.startsWith("text/")
                || contentType.contains("xml") || contentType.contains("html") || contentType.contains("javascript");
    }

    private String describe(HttpFuzzInput request) {
        String headers = request.headers().stream()
                .map(h -> h.getKey() + ": " + (h.getKey().equalsIgnoreCase("Authorization") ? "(redacted)" : h.getValue()))
                .reduce("", (a, b) -> a + "\n  " + b);
        String target = request.target().length() > 300 ? request.target().substring(0, 300) + "..." : request.target();
        return request.method() + " " + target + headers + "\n  (" + request.body().length + " body bytes)";
    }

    private void fail(String what, HttpFuzzInput request, HttpResponse<byte[]> response, String body) {
        String excerpt = body.length() > 800 ? body.substring(0, 800) + "..." : body;
        for (String secret : secrets.values()) {
            excerpt = excerpt.replace(secret, "(secret)");
        }
        throw new AssertionError(what + ": " + describe(request) + "\n-> " + response.statusCode() + " "
                + response.headers().firstValue("Content-Type").orElse("(no content type)") + "\n" + excerpt);
    }
}
