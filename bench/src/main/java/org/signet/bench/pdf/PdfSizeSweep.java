package org.signet.bench.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.signet.core.test.LargePdfs;

/**
 * Sign time against PDF size over HTTP: for each size, writes a one-page PDF whose bulk is a filler
 * stream (straight to disk, never in memory), uploads it to {@code POST /api/v1/signatures} (PAdES
 * B-B with the seal, one HTTP call, the signed PDF streamed back to disk) and times the call; in the
 * same run it reads the same file through SHA-256 in this JVM, the floor that signing cannot beat (a
 * PAdES signature hashes the whole file once). Small sizes are repeated and the median kept.
 * The upload is the raw request body ({@code --upload raw}, the default), a multipart form
 * ({@code multipart}), or both alternating in each repetition ({@code both}); with {@code --pid} the
 * appliance's CPU time per request (from /proc) is recorded too.
 * <p>
 * {@code PdfSizeSweep --base URL --token JWT --dir var/bench/pdf --out results.jsonl --sizes 10KB,1MB,10MB,100MB,500MB
 * [--upload raw|multipart|both] [--pid PID]}
 */
public final class PdfSizeSweep {

    private PdfSizeSweep() {
    }

    public static void main(String[] args) throws Exception {
        String base = null;
        String token = null;
        Path dir = Path.of("var/bench/pdf");
        Path out = null;
        List<Long> sizes = List.of(10L << 10, 1L << 20, 10L << 20, 100L << 20, 500L << 20);
        String upload = "raw";
        long pid = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--token" -> token = args[i + 1];
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).map(PdfSizeSweep::bytes).toList();
                case "--upload" -> upload = args[i + 1];
                case "--pid" -> pid = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        List<String> modes = upload.equals("both") ? List.of("multipart", "raw") : List.of(upload);
        for (String mode : modes) {
            if (!mode.equals("raw") && !mode.equals("multipart")) {
                throw new IllegalArgumentException("--upload raw | multipart | both, not " + mode);
            }
        }
        System.out.printf(Locale.ROOT, "%12s %10s %10s %12s %12s %14s %8s%n", "bytes", "upload", "sign ms", "sign MB/s",
                "SHA-256 MB/s", "server CPU ms", "status");
        for (long size : sizes) {
            Path pdf = dir.resolve("sweep-" + size + ".pdf");
            Path signed = dir.resolve("sweep-" + size + "-signed.pdf");
            writePdf(pdf, size);
            int repeats = size <= (10L << 20) ? 5 : 1;
            // Modes alternate within each repetition, so both see the same machine load.
            java.util.Map<String, List<Double>> signMillis = new java.util.LinkedHashMap<>();
            java.util.Map<String, List<Double>> shaMillis = new java.util.LinkedHashMap<>();
            java.util.Map<String, List<Double>> cpuMillis = new java.util.LinkedHashMap<>();
            java.util.Map<String, List<Double>> sysMillis = new java.util.LinkedHashMap<>();
            java.util.Map<String, List<Double>> readBytes = new java.util.LinkedHashMap<>();
            java.util.Map<String, List<Double>> writtenBytes = new java.util.LinkedHashMap<>();
            java.util.Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
            java.util.Map<String, Long> signedBytes = new java.util.LinkedHashMap<>();
            for (int r = 0; r < repeats + 1; r++) {
                for (String mode : modes) {
                    if (statuses.getOrDefault(mode, 200) != 200) {
                        continue;
                    }
                    double sha = sha256Millis(pdf);
                    long[] ioBefore = ioBytes(pid);
                    long[] cpuBefore = cpuTicks(pid);
                    long start = System.nanoTime();
                    int status = mode.equals("raw") ? signRaw(http, URI.create(base), token, pdf, signed)
                            : sign(http, URI.create(base), token, pdf, signed);
                    double millis = (System.nanoTime() - start) / 1e6;
                    long[] cpuAfter = cpuTicks(pid);
                    long cpu = (cpuAfter[0] + cpuAfter[1] - cpuBefore[0] - cpuBefore[1]) * 10;
                    long sys = (cpuAfter[1] - cpuBefore[1]) * 10;
                    long[] ioAfter = ioBytes(pid);
                    statuses.put(mode, status);
                    signedBytes.put(mode, Files.exists(signed) ? Files.size(signed) : 0);
                    if (r > 0 || repeats == 1) { // the first of several is a warm-up
                        signMillis.computeIfAbsent(mode, m -> new ArrayList<>()).add(millis);
                        shaMillis.computeIfAbsent(mode, m -> new ArrayList<>()).add(sha);
                        cpuMillis.computeIfAbsent(mode, m -> new ArrayList<>()).add((double) cpu);
                        sysMillis.computeIfAbsent(mode, m -> new ArrayList<>()).add((double) sys);
                        readBytes.computeIfAbsent(mode, m -> new ArrayList<>()).add((double) (ioAfter[0] - ioBefore[0]));
                        writtenBytes.computeIfAbsent(mode, m -> new ArrayList<>()).add((double) (ioAfter[1] - ioBefore[1]));
                    }
                    if (status == 200 && !isPdf(signed)) {
                        throw new IllegalStateException("the " + mode + " answer for " + size + " bytes is not a PDF");
                    }
                    Files.deleteIfExists(signed);
                }
            }
            long fileBytes = Files.size(pdf);
            double mb = fileBytes / 1e6;
            for (String mode : modes) {
                double sign = median(signMillis.getOrDefault(mode, List.of()));
                double sha = median(shaMillis.getOrDefault(mode, List.of()));
                double cpu = pid > 0 ? median(cpuMillis.getOrDefault(mode, List.of())) : -1;
                double sys = pid > 0 ? median(sysMillis.getOrDefault(mode, List.of())) : -1;
                // read and write calls of the appliance (sockets included), in units of the file's size
                double reads = pid > 0 ? median(readBytes.getOrDefault(mode, List.of())) / fileBytes : -1;
                double writes = pid > 0 ? median(writtenBytes.getOrDefault(mode, List.of())) / fileBytes : -1;
                String line = String.format(Locale.ROOT, "{\"bytes\":%d,\"upload\":\"%s\",\"sign_ms\":%.1f,\"sign_mb_s\":%.2f,"
                        + "\"sha256_mb_s\":%.1f,\"server_cpu_ms\":%.0f,\"server_sys_ms\":%.0f,\"server_read_passes\":%.2f,\"server_write_passes\":%.2f,\"status\":%d,\"signed_bytes\":%d,\"repeats\":%d,"
                        + "\"load_average\":\"%s\",\"at\":\"%s\"}", fileBytes, mode, sign, mb / (sign / 1000), mb / (sha / 1000), cpu, sys, reads, writes,
                        statuses.getOrDefault(mode, 0), signedBytes.getOrDefault(mode, 0L),
                        signMillis.getOrDefault(mode, List.of()).size(), loadAverage(), Instant.now());
                System.out.printf(Locale.ROOT, "%12d %10s %10.1f %12.2f %12.1f %14.0f %8d%n", fileBytes, mode, sign,
                        mb / (sign / 1000), mb / (sha / 1000), cpu, statuses.getOrDefault(mode, 0));
                if (out != null) {
                    Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
            Files.deleteIfExists(pdf);
        }
    }

    /** The document as the raw request body (application/pdf), parameters in the query: no multipart parsing. */
    static int signRaw(HttpClient http, URI base, String token, Path pdf, Path signed) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/signatures?fileName=" + pdf.getFileName()))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/pdf")
                .timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(pdf))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofFile(signed)).statusCode();
    }

    /** The appliance's user and system CPU time from /proc in 10 ms ticks, or zeros without a pid. */
    static long[] cpuTicks(long pid) throws IOException {
        if (pid <= 0) {
            return new long[2];
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] { Long.parseLong(fields[11]), Long.parseLong(fields[12]) }; // utime, stime (fields 14, 15)
    }

    /** The appliance's bytes through read and write calls (/proc/PID/io rchar, wchar; sockets and page cache included). */
    static long[] ioBytes(long pid) throws IOException {
        long[] io = new long[2];
        if (pid > 0) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                if (line.startsWith("rchar:")) {
                    io[0] = Long.parseLong(line.substring(6).trim());
                }
                else if (line.startsWith("wchar:")) {
                    io[1] = Long.parseLong(line.substring(6).trim());
                }
            }
        }
        return io;
    }

    private static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    /** One multipart upload, the file streamed from disk, the answer streamed to disk. */
    static int sign(HttpClient http, URI base, String token, Path pdf, Path signed) throws IOException, InterruptedException {
        String boundary = "signet-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + pdf.getFileName()
                + "\"\r\nContent-Type: application/pdf\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/signatures"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(pdf), HttpRequest.BodyPublishers.ofString(tail)))
                .build();
        HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(signed));
        return response.statusCode();
    }

    static double sha256Millis(Path file) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                sha256.update(buffer, 0, n);
            }
        }
        sha256.digest();
        return (System.nanoTime() - start) / 1e6;
    }

    /** A valid one-page PDF of about {@code bytes} (the filler stream plus about 1 KB of structure). */
    static void writePdf(Path file, long bytes) {
        LargePdfs.write(file, Math.max(0, bytes - 1024));
    }

    private static boolean isPdf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("%PDF-");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }

    static long bytes(String size) {
        String s = size.trim().toUpperCase(Locale.ROOT);
        long unit = s.endsWith("KB") ? 1L << 10 : s.endsWith("MB") ? 1L << 20 : s.endsWith("GB") ? 1L << 30 : 1;
        return Long.parseLong(s.replaceAll("[A-Z]", "")) * unit;
    }
}
