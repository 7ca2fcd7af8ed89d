package org.signet.appliance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A small deterministic mutator for the bounded run of the normal suite: from a fixed PRNG seed it
 * derives inputs from the seed corpus (byte edits, dictionary tokens at line and field boundaries,
 * header and body swaps between seeds, other endpoints' request lines, other tokens). Being
 * deterministic, a failure reproduces with the same seed; the coverage-guided search is Jazzer's
 * (the long run in docs/security.md).
 */
final class HttpFuzzMutator {

    static final List<String> DICTIONARY = List.of("", "-1", "0", "1", "2147483648", "99999999999999999999", "1e309", "NaN",
            "null", "true", "{}", "[]", "{\"a\":", "\"", "'", "\\", "%", "%00", "%ff", "%2e%2e/", "../", "..;/", ";",
            "//", "?", "&", "=", "#", "\u0000", "\u00ff", "\r\n", "\n\n", "A".repeat(3000), "é", "\ud83d\ude00",
            "application/json", "application/xml", "application/problem+json", "multipart/form-data",
            "multipart/form-data; boundary=", "multipart/mixed; boundary=B", "text/plain", "text/csv", "*/*", "image/png",
            "application/timestamp-query", "application/x-pem-file", "Bearer ", "Bearer x.y.z", "Basic YTpi",
            "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZXMiOlsib3BlcmF0b3IiXX0.",
            "{token:portal}", "{token:officer}", "{token:auditor}", "{token:operator}", "{token:admin}",
            "{expired:portal}", "{stranger:operator}", "{audience:auditor}", "{pdf}", "{signed-pdf}", "{xml}", "{tsq}",
            "{sha256}", "PAdES", "XAdES", "CAdES", "JAdES", "ASiC-E", "ASiC-S", "BASELINE-B", "BASELINE-T",
            "BASELINE-LT", "BASELINE-LTA", "ENVELOPED", "DETACHED", "seal", "SEAL", "OFFICER", "CITIZEN", "EC-P256",
            "RSA-2048", "2.16.840.1.101.3.4.2.1", "1970-01-01", "2026-13-45", "9999-12-31T23:59:59Z", "json", "csv",
            "simple", "detailed", "diagnostic", "etsi", "--B--", "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\n");

    private final Random random;
    private final List<byte[]> seeds;
    private final List<String> requestLines;

    HttpFuzzMutator(long seed, List<byte[]> seeds, List<String> requestLines) {
        this.random = new Random(seed);
        this.seeds = seeds;
        this.requestLines = requestLines;
    }

    byte[] next() {
        byte[] input = seeds.get(random.nextInt(seeds.size()));
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            input = mutate(input);
        }
        return input;
    }

    private byte[] mutate(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        return switch (random.nextInt(8)) {
            case 0 -> bytes(replaceRequestLine(text));
            case 1 -> bytes(insertAtBoundary(text));
            case 2 -> bytes(replaceField(text));
            case 3 -> bytes(crossOver(text));
            case 4 -> flipBytes(input);
            case 5 -> truncate(input);
            case 6 -> bytes(dropLine(text));
            default -> bytes(duplicateLine(text));
        };
    }

    private String replaceRequestLine(String text) {
        int end = text.indexOf('\n');
        String rest = end < 0 ? "" : text.substring(end);
        return requestLines.get(random.nextInt(requestLines.size())) + rest;
    }

    /** A dictionary token at a position where it matters: after a separator such as '=', ':', '"', '/'. */
    private String insertAtBoundary(String text) {
        String token = pick();
        int start = random.nextInt(Math.max(1, text.length()));
        for (int i = start; i < text.length(); i++) {
            if ("=:\"/?&;,\n".indexOf(text.charAt(i)) >= 0) {
                return text.substring(0, i + 1) + token + text.substring(i + 1);
            }
        }
        return text + token;
    }

    /** Replaces one value (up to the next separator) with a dictionary token. */
    private String replaceField(String text) {
        int start = random.nextInt(Math.max(1, text.length()));
        int from = -1;
        for (int i = start; i < text.length(); i++) {
            if ("=:\"/\n".indexOf(text.charAt(i)) >= 0) {
                from = i + 1;
                break;
            }
        }
        if (from < 0) {
            return text + pick();
        }
        int to = from;
        while (to < text.length() && "&\"\n/;,".indexOf(text.charAt(to)) < 0) {
            to++;
        }
        return text.substring(0, from) + pick() + text.substring(to);
    }

    /** Head of this seed, body of another (or the other way round). */
    private String crossOver(String text) {
        String other = new String(seeds.get(random.nextInt(seeds.size())), StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\n\n");
        int otherSplit = other.indexOf("\n\n");
        if (split < 0 || otherSplit < 0) {
            return text;
        }
        return random.nextBoolean() ? text.substring(0, split) + other.substring(otherSplit)
                : other.substring(0, otherSplit) + text.substring(split);
    }

    private byte[] flipBytes(byte[] input) {
        byte[] out = input.clone();
        if (out.length == 0) {
            return out;
        }
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] truncate(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(input, 0, random.nextInt(input.length + 1));
        return out.toByteArray();
    }

    private String dropLine(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 3) {
            return text;
        }
        int drop = 1 + random.nextInt(lines.length - 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i != drop) {
                out.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
            }
        }
        return out.toString();
    }

    private String duplicateLine(String text) {
        String[] lines = text.split("\n", -1);
        int copy = random.nextInt(lines.length);
        int head = text.indexOf('\n');
        return head < 0 ? text : text.substring(0, head + 1) + lines[copy] + "\n" + text.substring(head + 1);
    }

    private String pick() {
        return DICTIONARY.get(random.nextInt(DICTIONARY.size()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
