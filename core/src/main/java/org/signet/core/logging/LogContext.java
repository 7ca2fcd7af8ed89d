package org.signet.core.logging;

import java.util.regex.Pattern;

import org.slf4j.MDC;

/**
 * The per-request log context (SLF4J MDC) every log line of a request carries: the request id (also
 * echoed as {@code X-Request-Id} and in problem responses, so support can find a caller's request)
 * and the OAuth2 client. Values are restricted to a safe alphabet so a header cannot forge log lines.
 */
public final class LogContext {

    /** MDC key and problem extension member of the request id. */
    public static final String REQUEST_ID = "requestId";

    /** MDC key of the authenticated OAuth2 client (azp / client_id / sub). */
    public static final String CLIENT_ID = "clientId";

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
    private static final Pattern UNSAFE_CHARS = Pattern.compile("[^A-Za-z0-9._:@/-]");

    private LogContext() {
    }

    /** An incoming request id worth keeping: 8 to 64 characters of letters, digits and {@code . _ : -}. */
    public static boolean isWellFormedRequestId(String value) {
        return value != null && SAFE_ID.matcher(value).matches();
    }

    /** The request id of the current request, or null outside one. */
    public static String requestId() {
        return MDC.get(REQUEST_ID);
    }

    /** A client id as it may appear in logs: unsafe characters replaced, at most 128 characters. */
    public static String safeClientId(String clientId) {
        String cleaned = UNSAFE_CHARS.matcher(clientId).replaceAll("_");
        return cleaned.length() > 128 ? cleaned.substring(0, 128) : cleaned;
    }
}
