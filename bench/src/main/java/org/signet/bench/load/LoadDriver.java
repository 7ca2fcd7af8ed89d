package org.signet.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Closed-loop HTTP load against a running appliance: for each concurrency level, N client threads
 * send requests back to back for a warm-up and then a measured duration; reports throughput, p50,
 * p95, p99 latency and errors, and appends one JSON line per level to the results file.
 * <p>
 * {@code LoadDriver --base http://127.0.0.1:8080 --scenario tsa --token JWT --levels 1,2,8,32,128
 * --warmup 5 --duration 15 --out results.jsonl [--document file] [--hashes N] [--pid APPLIANCE_PID] [--prewarm S]
 * [--client socket|jdk]}; with the appliance's pid it also reports the appliance's CPU milliseconds per operation,
 * and always its own: the driver shares the machine with the appliance, so its CPU is the appliance's loss.
 */
public final class LoadDriver {

    /** Clients of the unmeasured pre-warm ({@code --prewarm SECONDS}): enough to keep both cores busy. */
    private static final int PREWARM_CLIENTS = 8;

    /** This driver's own process, to report its CPU per operation beside the appliance's. */
    private static final long SELF = ProcessHandle.current().pid();

    private LoadDriver() {
    }

    /** Latency of one phase (one HTTP call of a multi-call unit) over the calls that completed in the window. */
    record PhaseResult(String name, long calls, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {

        String toJson() {
            return String.format(Locale.ROOT, "\"%s\":{\"calls\":%d,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"p99_ms\":%.2f,"
                    + "\"max_ms\":%.2f}", name, calls, p50Millis, p95Millis, p99Millis, maxMillis);
        }
    }

    /**
     * One level. p50/p95/p99 are per unit (for signhash: authorize + signHash, including the driver's
     * own JSON work between them), over every unit that ended inside the measured window, failed ones
     * included; {@code phases} gives each HTTP call's own latency over the same units (calls that were
     * made: a failed authorize leaves no signHash).
     */
    record LevelResult(String scenario, int concurrency, long requests, long errors, double seconds, double throughput,
            double p50Millis, double p95Millis, double p99Millis, double cpuMillisPerOp, double driverCpuMillisPerOp,
            List<PhaseResult> phases) {

        /** The same figures under another name, e.g. "validate-nocache" for a run with the cache off. */
        LevelResult labelled(String label) {
            return new LevelResult(label, concurrency, requests, errors, seconds, throughput, p50Millis, p95Millis, p99Millis,
                    cpuMillisPerOp, driverCpuMillisPerOp, phases);
        }

        String toJson() {
            StringBuilder phaseJson = new StringBuilder();
            for (PhaseResult phase : phases) {
                phaseJson.append(phaseJson.length() == 0 ? "" : ",").append(phase.toJson());
            }
            return String.format(Locale.ROOT,
                    "{\"scenario\":\"%s\",\"concurrency\":%d,\"requests\":%d,\"errors\":%d,\"seconds\":%.2f,"
                            + "\"throughput\":%.1f,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"p99_ms\":%.2f,\"cpu_ms_per_op\":%.3f,"
                            + "\"driver_cpu_ms_per_op\":%.3f,\"phases\":{%s},\"load_average\":%.2f,\"at\":\"%s\"}",
                    scenario, concurrency, requests, errors, seconds, throughput, p50Millis, p95Millis, p99Millis,
                    cpuMillisPerOp, driverCpuMillisPerOp, phaseJson, loadAverage(), Instant.now());
        }
    }

    public static void main(String[] args) throws Exception {
        Arguments a = Arguments.parse(args);
        Scenario scenario = Scenarios.byName(a.scenario, a.token, a.document, a.hashes);
        Supplier<HttpConnection> http = connections(a.client, URI.create(a.base));
        System.out.printf(Locale.ROOT, "client: %s%n", a.client);
        System.out.printf(Locale.ROOT, "%-10s %5s %10s %8s %10s %9s %9s %9s %9s %9s%n", "scenario", "conc", "requests", "errors",
                "ops/s", "p50 ms", "p95 ms", "p99 ms", "cpu ms/op", "driver");
        if (a.prewarmSeconds > 0) {
            // The JIT is still compiling a minute after start (docs/benchmarks.md, round 8): without this the
            // first levels (1 and 2 clients, where the p99 target is read) measure the compiler too.
            System.out.printf(Locale.ROOT, "pre-warm: %d s at %d clients, not measured%n", a.prewarmSeconds, PREWARM_CLIENTS);
            runLevel(http, scenario, PREWARM_CLIENTS, a.prewarmSeconds, 1, 0);
        }
        for (int level : a.levels) {
            LevelResult result = runLevel(http, scenario, level, a.warmupSeconds, a.durationSeconds, a.pid);
            if (a.label != null) {
                result = result.labelled(a.label);
            }
            System.out.printf(Locale.ROOT, "%-10s %5d %10d %8d %10.1f %9.2f %9.2f %9.2f %9.3f %9.3f%n", result.scenario(),
                    result.concurrency(), result.requests(), result.errors(), result.throughput(), result.p50Millis(),
                    result.p95Millis(), result.p99Millis(), result.cpuMillisPerOp(), result.driverCpuMillisPerOp());
            for (PhaseResult phase : result.phases()) {
                System.out.printf(Locale.ROOT, "  %-14s %10d %19s %9.2f %9.2f %9.2f  max %.2f%n", phase.name(), phase.calls(), "",
                        phase.p50Millis(), phase.p95Millis(), phase.p99Millis(), phase.maxMillis());
            }
            if (a.out != null) {
                Files.writeString(a.out, result.toJson() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }

    /**
     * One connection per client thread: {@code socket} (default) a blocking keep-alive socket each, the
     * lightest client; {@code jdk} the JDK's {@link HttpClient}, shared, as the driver used up to round 8.
     */
    static Supplier<HttpConnection> connections(String client, URI base) {
        return switch (client) {
            case "socket" -> () -> new SocketHttpConnection(base);
            case "jdk" -> {
                HttpClient shared = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                yield () -> new JdkHttpConnection(shared, base);
            }
            default -> throw new IllegalArgumentException("unknown client " + client + " (socket, jdk)");
        };
    }

    static LevelResult runLevel(Supplier<HttpConnection> http, Scenario scenario, int concurrency, int warmupSeconds, int durationSeconds,
            long pid) throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[concurrency];
        CountDownLatch done = new CountDownLatch(concurrency);
        int capacity = 2_000_000 / concurrency;
        List<String> phaseNames = scenario.phases();
        int phaseCount = phaseNames.size();
        // per phase, per thread: latencies and counts
        long[][][] phaseLatencies = new long[phaseCount][concurrency][];
        int[][] phaseCounts = new int[phaseCount][concurrency];
        for (int t = 0; t < concurrency; t++) {
            long[] mine = new long[capacity];
            latencies.add(mine);
            for (int p = 0; p < phaseCount; p++) {
                phaseLatencies[p][t] = new long[capacity];
            }
            int index = t;
            Thread worker = new Thread(() -> {
                long[] phaseNanos = new long[phaseCount];
                try (HttpConnection connection = http.get()) {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        int operations;
                        try {
                            operations = phaseCount == 0 ? scenario.run(connection) : scenario.run(connection, phaseNanos);
                        }
                        catch (IOException ex) {
                            operations = 0;
                        }
                        long elapsed = System.nanoTime() - start;
                        if (measuring.get()) {
                            if (operations == 0) {
                                errors.incrementAndGet();
                            }
                            completed.addAndGet(operations);
                            if (counts[index] < mine.length) {
                                mine[counts[index]++] = elapsed;
                            }
                            for (int p = 0; p < phaseCount; p++) {
                                if (phaseNanos[p] > 0 && phaseCounts[p][index] < capacity) {
                                    phaseLatencies[p][index][phaseCounts[p][index]++] = phaseNanos[p];
                                }
                            }
                        }
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                finally {
                    done.countDown();
                }
            }, "load-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        Thread.sleep(warmupSeconds * 1000L);
        measuring.set(true);
        long started = System.nanoTime();
        long cpuBefore = cpuMillis(pid);
        long driverCpuBefore = cpuMillis(SELF);
        Thread.sleep(durationSeconds * 1000L);
        measuring.set(false);
        long cpuUsed = cpuMillis(pid) - cpuBefore;
        long driverCpuUsed = cpuMillis(SELF) - driverCpuBefore;
        double seconds = (System.nanoTime() - started) / 1e9;
        stop.set(true);
        done.await();
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int position = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(latencies.get(t), 0, all, position, counts[t]);
            position += counts[t];
        }
        Arrays.sort(all);
        List<PhaseResult> phases = new ArrayList<>();
        for (int p = 0; p < phaseCount; p++) {
            long[] calls = new long[Arrays.stream(phaseCounts[p]).sum()];
            int at = 0;
            for (int t = 0; t < concurrency; t++) {
                System.arraycopy(phaseLatencies[p][t], 0, calls, at, phaseCounts[p][t]);
                at += phaseCounts[p][t];
            }
            Arrays.sort(calls);
            phases.add(new PhaseResult(phaseNames.get(p), calls.length, percentile(calls, 0.50), percentile(calls, 0.95),
                    percentile(calls, 0.99), calls.length == 0 ? Double.NaN : calls[calls.length - 1] / 1e6));
        }
        // Throughput counts operations (a unit of signhash with N hashes is N signatures); latency is per unit.
        return new LevelResult(scenario.name(), concurrency, total, errors.get(), seconds, completed.get() / seconds,
                percentile(all, 0.50), percentile(all, 0.95), percentile(all, 0.99),
                pid > 0 && completed.get() > 0 ? (double) cpuUsed / completed.get() : Double.NaN,
                completed.get() > 0 ? (double) driverCpuUsed / completed.get() : Double.NaN, phases);
    }

    /**
     * CPU time (user + system) the appliance process has used, from /proc (Linux; clock ticks of 10 ms).
     * CPU per operation barely moves when other programs load the machine, unlike throughput.
     */
    static long cpuMillis(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        }
        catch (java.io.IOException | RuntimeException ex) {
            return 0;
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }
        catch (java.io.IOException | RuntimeException ex) {
            return Double.NaN;
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private record Arguments(String base, String scenario, String token, int[] levels, int warmupSeconds,
            int durationSeconds, Path out, Path document, int hashes, long pid, String label, int prewarmSeconds,
            String client) {

        static Arguments parse(String[] args) {
            String base = "http://127.0.0.1:8080";
            String scenario = "tsa";
            String token = "";
            int[] levels = { 1, 2, 8, 32, 128 };
            int warmup = 5;
            int duration = 15;
            Path out = null;
            Path document = null;
            int hashes = 1;
            long pid = 0;
            String label = null;
            int prewarm = 0;
            String client = "socket";
            for (int i = 0; i < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--base" -> base = value;
                    case "--scenario" -> scenario = value;
                    case "--token" -> token = value;
                    case "--levels" -> levels = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--duration" -> duration = Integer.parseInt(value);
                    case "--out" -> out = Path.of(value);
                    case "--document" -> document = Path.of(value);
                    case "--hashes" -> hashes = Integer.parseInt(value);
                    case "--pid" -> pid = Long.parseLong(value);
                    case "--label" -> label = value.isBlank() ? null : value;
                    case "--prewarm" -> prewarm = Integer.parseInt(value);
                    case "--client" -> client = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Arguments(base, scenario, token, levels, warmup, duration, out, document, hashes, pid, label, prewarm,
                    client);
        }
    }
}
