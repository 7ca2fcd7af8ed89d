package org.signet.approval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.signet.core.secrets.SecretFiles;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells a portal of every status change of its request by an HTTP POST to the callback URL it named,
 * which must be one of {@code signet.approval.callback-urls} (no request can make Signet call an
 * arbitrary address). The JSON body is signed: {@code X-Signet-Signature: sha256=<hex HMAC-SHA256 of
 * timestamp + "." + body>} with {@code X-Signet-Timestamp}. Delivery is retried with exponential
 * back-off; a portal must still be ready to poll (callbacks are best effort, from the replica that saw
 * the change).
 */
public final class CallbackNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackNotifier.class);

    private final Set<String> allowed;
    private final byte[] key;
    private final int attempts;
    private final Duration backoff;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "signet-approval-callbacks");
        thread.setDaemon(true);
        return thread;
    });

    public CallbackNotifier(List<String> allowedUrls, byte[] key, int attempts, Duration backoff) {
        this.allowed = Set.copyOf(allowedUrls);
        this.key = key == null ? null : key.clone();
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /** Reads the HMAC key file, creating it (32 random bytes, owner-only) when missing. */
    public static byte[] loadOrCreateKey(Path file) {
        try {
            if (!Files.exists(file)) {
                SecretFiles.createOwnerOnly(file, Secrets.random(32));
            }
            byte[] value = Files.readAllBytes(file);
            if (value.length < 32) {
                throw new IllegalStateException("signet.approval.callback-key-file holds fewer than 32 bytes");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the callback key file", e);
        }
    }

    /** Refuses (400) a callback URL that is not allow-listed; null means no callback. */
    public String check(String callbackUrl) {
        if (callbackUrl == null || callbackUrl.isBlank()) {
            return null;
        }
        if (key == null || !allowed.contains(callbackUrl)) {
            throw new SignetException(ProblemType.BAD_REQUEST, "callbackUrl is not one of the allow-listed callback URLs.");
        }
        return callbackUrl;
    }

    /** Schedules the delivery of the request's current status to its callback URL, if it has one. */
    public void notifyChange(ApprovalRequest request) {
        if (request.callbackUrl() == null || key == null || !allowed.contains(request.callbackUrl())) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", request.requestId());
        body.put("status", request.status().name());
        body.put("reason", request.reason());
        body.put("signatures", request.signatures());
        String text = json.writeValueAsString(body);
        scheduler.execute(() -> deliver(request.callbackUrl(), text, 1));
    }

    private void deliver(String url, String body, int attempt) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Signet-Timestamp", timestamp)
                .header("X-Signet-Signature", "sha256=" + sign(timestamp + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                return;
            }
            if (attempt >= attempts) {
                LOG.warn("Callback to {} given up after {} attempts", url, attempt);
                return;
            }
            long delay = backoff.toMillis() << Math.min(attempt - 1, 16);
            scheduler.schedule(() -> deliver(url, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
        });
    }

    /** Hex HMAC-SHA256, as the portal recomputes it. */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
