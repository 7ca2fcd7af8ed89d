package org.signet.appliance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One fuzzer input read as an HTTP request, in a lenient text form so that the seed corpus
 * ({@code src/test/resources/fuzz/http}) is made of readable, real requests and a mutated input
 * still decodes to some request:
 *
 * <pre>
 * METHOD /path?query
 * Header-Name: value
 *
 * body (CRLF line ends are restored for multipart bodies)
 * </pre>
 *
 * Placeholders such as {@code {token:portal}} or {@code {pdf}} are expanded by the harness (tokens
 * and documents are made per run). Whatever the bytes, decoding never fails: an unusable method
 * becomes GET, characters a URI cannot carry are percent-encoded, header names and values are
 * cleaned to what an HTTP client can send. The input is bytes as ISO-8859-1, so binary bodies survive.
 */
record HttpFuzzInput(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {

    static final int MAX_HEADERS = 24;
    static final int MAX_HEADER_VALUE = 8192;
    /** Headers the JDK client sets itself and refuses to take from the caller. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "te", "trailer", "keep-alive", "http2-settings");

    static HttpFuzzInput decode(byte[] data, UnaryOperator<String> placeholders) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\n\n");
        int crlfSplit = text.indexOf("\r\n\r\n");
        String head;
        String body;
        if (crlfSplit >= 0 && (split < 0 || crlfSplit < split)) {
            head = text.substring(0, crlfSplit);
            body = text.substring(crlfSplit + 4);
        }
        else if (split >= 0) {
            head = text.substring(0, split);
            body = text.substring(split + 2);
        }
        else {
            head = text;
            body = "";
        }
        String[] lines = head.split("\r?\n", -1);
        String requestLine = lines[0].strip();
        int space = requestLine.indexOf(' ');
        String method = space < 0 ? requestLine : requestLine.substring(0, space);
        String target = space < 0 ? "/" : requestLine.substring(space + 1).strip();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        boolean multipart = false;
        for (int i = 1; i < lines.length && headers.size() < MAX_HEADERS; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = token(lines[i].substring(0, colon).strip());
            if (name.isEmpty() || RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String value = headerValue(placeholders.apply(lines[i].substring(colon + 1).strip()));
            multipart |= name.equalsIgnoreCase("Content-Type") && value.toLowerCase(Locale.ROOT).contains("multipart");
            headers.add(Map.entry(name, value));
        }
        if (multipart) {
            body = body.replaceAll("\r?\n", "\r\n");
        }
        body = placeholders.apply(body);
        return new HttpFuzzInput(method(method), target(target), List.copyOf(headers), body.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The request target relative to the server root, as the client will send it. */
    URI uri(String base) {
        try {
            return URI.create(base + target);
        }
        catch (IllegalArgumentException ex) {
            return URI.create(base + "/" + percentEncodeAll(target.substring(1)));
        }
    }

    String headerText() {
        StringBuilder out = new StringBuilder();
        headers.forEach(h -> out.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
        return out.toString();
    }

    private static String method(String raw) {
        String method = token(raw);
        return method.isEmpty() || method.equalsIgnoreCase("CONNECT") ? "GET" : method;
    }

    /** RFC 9110 token characters only. */
    private static String token(String raw) {
        StringBuilder out = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if (c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                out.append(c);
            }
        }
        return out.length() > 64 ? out.substring(0, 64) : out.toString();
    }

    /** Visible ASCII, space and tab; other bytes are dropped (the client refuses them). */
    private static String headerValue(String raw) {
        StringBuilder out = new StringBuilder();
        for (char c : raw.toCharArray()) {
            if ((c >= 0x20 && c < 0x7f) || c == '\t') {
                out.append(c);
            }
            if (out.length() >= MAX_HEADER_VALUE) {
                break;
            }
        }
        return out.toString().strip();
    }

    /** Keeps what a URI may carry (and valid %XX escapes); percent-encodes the rest. */
    private static String target(String raw) {
        String path = raw.startsWith("/") ? raw : "/" + raw;
        StringBuilder out = new StringBuilder();
        byte[] bytes = path.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length && out.length() < 4096; i++) {
            int b = bytes[i] & 0xff;
            boolean escape = b == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2]);
            if (escape || (b > 0x20 && b < 0x7f && "\"<>\\^`{|}#% ".indexOf(b) < 0)) {
                out.append((char) b);
            }
            else {
                out.append('%').append(String.format("%02X", b));
            }
        }
        return out.toString();
    }

    private static boolean hex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static String percentEncodeAll(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.ISO_8859_1)) {
            int c = b & 0xff;
            out.append(Character.isLetterOrDigit(c) && c < 0x7f ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }
}
