package org.signet.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench/run.sh report}: turns the newest result files under {@code bench/results/} into the
 * tables between the {@code <!-- bench:NAME:begin -->} / {@code <!-- bench:NAME:end -->} markers of
 * {@code docs/benchmarks.md} (load, pdfsize, jmh) and one PNG with throughput against concurrency and
 * sign time against PDF size. Only the marked regions are rewritten; the prose stays as written.
 */
public final class BenchReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of("bench/results");
        Path doc = Path.of("docs/benchmarks.md");
        Path chart = Path.of("docs/benchmarks.png");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[i + 1]);
                case "--doc" -> doc = Path.of(args[i + 1]);
                case "--chart" -> chart = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, LoadRun> load = newestLoadRuns(results);
        List<JsonNode> pdf = newestLines(results, "pdfsize-");
        List<JsonNode> pdfLocal = newestLines(results, "pdflocal-");
        String text = Files.readString(doc);
        text = replace(text, "load", loadTable(load));
        text = replace(text, "pdfsize", pdfTable(pdf));
        text = replace(text, "pdflocal", pdfLocalTable(pdfLocal));
        text = replace(text, "jmh", jmhTable(results));
        Files.writeString(doc, text);
        writeChart(load, pdf, chart);
        System.out.println("wrote " + doc + " and " + chart);
    }

    /** One load run of a scenario: its levels and the appliance line (start-up, RSS). */
    record LoadRun(String file, List<JsonNode> levels, JsonNode appliance) {
    }

    static Map<String, LoadRun> newestLoadRuns(Path results) throws IOException {
        Map<String, LoadRun> runs = new TreeMap<>();
        for (Path file : files(results, "load-", ".jsonl")) {
            List<JsonNode> lines = lines(file);
            JsonNode appliance = lines.stream().filter(l -> l.has("startup_ms")).findFirst().orElse(null);
            Map<String, List<JsonNode>> byScenario = new LinkedHashMap<>();
            lines.stream().filter(l -> l.has("concurrency"))
                    .forEach(l -> byScenario.computeIfAbsent(l.get("scenario").asString(), k -> new ArrayList<>()).add(l));
            // Files are named by time, so later files replace earlier runs of the same scenario.
            byScenario.forEach((scenario, levels) -> runs.put(scenario,
                    new LoadRun(file.getFileName().toString(), levels, appliance)));
        }
        return runs;
    }

    /** A CPU figure of a level with two decimals, or a dash when the run did not record it. */
    private static String millis(JsonNode level, String field) {
        return level.has(field) ? String.format(Locale.ROOT, "%.2f", level.get(field).asDouble()) : "–";
    }

    static String loadTable(Map<String, LoadRun> runs) {
        StringBuilder table = new StringBuilder(
                "| scenario | concurrency | ops/s | p50 ms | p99 ms | appliance CPU ms/op | driver CPU ms/op | errors | load average |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder appliance = new StringBuilder(
                "\n| scenario (file) | start-up to health UP | start-up CPU | H2 file at start | peak RSS under load | JVM options |\n"
                        + "|---|---|---|---|---|---|\n");
        runs.forEach((scenario, run) -> {
            for (JsonNode l : run.levels()) {
                table.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %s | %s | %d | %s |%n", scenario,
                        l.get("concurrency").asInt(), l.get("throughput").asDouble(), l.get("p50_ms").asDouble(),
                        l.get("p99_ms").asDouble(), millis(l, "cpu_ms_per_op"), millis(l, "driver_cpu_ms_per_op"),
                        l.get("errors").asLong(),
                        l.has("load_average") ? String.format(Locale.ROOT, "%.1f", l.get("load_average").asDouble()) : "–"));
            }
            JsonNode a = run.appliance();
            if (a != null) {
                appliance.append(String.format(Locale.ROOT, "| %s (`%s`) | %.1f s | %s | %s | %d MB | `%s` |%n", scenario, run.file(),
                        a.get("startup_ms").asLong() / 1000.0,
                        a.has("startup_cpu_ms") ? String.format(Locale.ROOT, "%.1f s", a.get("startup_cpu_ms").asLong() / 1000.0)
                                : "–",
                        a.has("h2_db_bytes_at_start") ? a.get("h2_db_bytes_at_start").asLong() / (1024 * 1024) + " MB" : "–",
                        a.get("peak_rss_kb").asLong() / 1024,
                        a.has("jvm") ? a.get("jvm").asString().replaceAll("/\\S*?/(appliance/jvm\\.options|var/app/)", "$1").trim()
                                : "default"));
            }
        });
        return table + appliance.toString();
    }

    static String pdfTable(List<JsonNode> lines) {
        StringBuilder table = new StringBuilder(
                "| PDF size | sign time (one HTTP call) | sign MB/s | SHA-256 MB/s (same file, same run) | sign / SHA-256 | HTTP status |\n"
                        + "|---|---|---|---|---|---|\n");
        for (JsonNode l : lines) {
            if (!l.has("bytes")) {
                continue;
            }
            double sign = l.get("sign_mb_s").asDouble();
            double sha = l.get("sha256_mb_s").asDouble();
            table.append(String.format(Locale.ROOT, "| %s | %.0f ms | %.1f | %.1f | %.0f %% | %d |%n", size(l.get("bytes").asLong())
                    + (l.has("upload") ? " (" + l.get("upload").asString() + ")" : ""),
                    l.get("sign_ms").asDouble(), sign, sha, 100 * sign / sha, l.get("status").asInt()));
        }
        JsonNode appliance = lines.stream().filter(l -> l.has("startup_ms")).findFirst().orElse(null);
        if (appliance != null) {
            table.append(String.format(Locale.ROOT, "%nAppliance peak RSS during the sweep: %d MB (JVM: `%s`).%n",
                    appliance.get("peak_rss_kb").asLong() / 1024,
                    appliance.get("jvm").asString().replaceAll("/\\S*?/(appliance/jvm\\.options|var/app/)", "$1").trim()));
        }
        return table.toString();
    }

    /** Server-side sign time of a PDF already on disk ({@code bench/run.sh pdflocal}) against SHA-256 of the same file. */
    static String pdfLocalTable(List<JsonNode> lines) {
        StringBuilder table = new StringBuilder("| PDF size | sign, ready to stream | sign CPU | SHA-256 CPU (same file) "
                + "| SHA-256 CPU / sign CPU | sign MB/s | SHA-256 MB/s | sign / SHA-256 (wall) | file to file MB/s "
                + "| reads / writes of the file | load average |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode l : lines) {
            double sign = l.get("ready_mb_s").asDouble();
            double sha = l.get("sha256_mb_s").asDouble();
            table.append(String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.0f ms | %.0f %% | %.1f | %.1f | %.0f %% | %.1f | %.2f / %.2f | %s |%n",
                    size(l.get("bytes").asLong()), l.get("ready_ms").asDouble(), l.get("ready_cpu_ms").asDouble(),
                    l.get("sha256_cpu_ms").asDouble(), 100 * l.get("sha256_cpu_ms").asDouble() / l.get("ready_cpu_ms").asDouble(),
                    sign, sha, 100 * sign / sha, l.get("file_mb_s").asDouble(), l.get("read_passes").asDouble(),
                    l.get("write_passes").asDouble(), l.get("load_average").asString().split(" ")[0]));
        }
        return table.toString();
    }

    static String jmhTable(Path results) throws IOException {
        Map<String, String> rows = new TreeMap<>();
        for (Path file : files(results, "jmh-", ".json")) {
            JsonNode array = JSON.readTree(Files.readString(file));
            for (JsonNode b : array) {
                String name = b.get("benchmark").asString().replace("org.signet.bench.", "");
                String params = b.has("params") ? b.get("params").toString().replaceAll("[{}\"]", "") : "";
                String key = name + " " + params + " t=" + b.get("threads").asInt();
                JsonNode metric = b.get("primaryMetric");
                // JMH writes the error as the string "NaN" when a run had a single iteration.
                JsonNode error = metric.get("scoreError");
                String errorText = error != null && error.isNumber() && Double.isFinite(error.asDouble())
                        ? String.format(Locale.ROOT, " ± %.1f", error.asDouble()) : " (one iteration, no error bar)";
                rows.put(key, String.format(Locale.ROOT, "| %s | %s | %d | %.1f%s %s | `%s` |%n", name, params,
                        b.get("threads").asInt(), metric.get("score").asDouble(), errorText,
                        metric.get("scoreUnit").asString(), file.getFileName()));
            }
        }
        StringBuilder table = new StringBuilder("| benchmark | parameters | threads | score | file |\n|---|---|---|---|---|\n");
        rows.values().forEach(table::append);
        return table.toString();
    }

    static void writeChart(Map<String, LoadRun> runs, List<JsonNode> pdf, Path chart) throws IOException {
        XYSeriesCollection throughput = new XYSeriesCollection();
        runs.forEach((scenario, run) -> {
            XYSeries series = new XYSeries(scenario);
            run.levels().forEach(l -> series.add(l.get("concurrency").asDouble(), l.get("throughput").asDouble()));
            throughput.addSeries(series);
        });
        JFreeChart left = ChartFactory.createXYLineChart("Throughput vs concurrency (HTTP)", "concurrent clients",
                "operations / s", throughput, PlotOrientation.VERTICAL, true, false, false);
        logX(left, "concurrent clients");

        XYSeriesCollection times = new XYSeriesCollection();
        XYSeries sign = new XYSeries("PAdES B-B sign (one HTTP call)");
        XYSeries sha = new XYSeries("SHA-256 of the same file");
        for (JsonNode l : pdf) {
            if (l.has("bytes") && l.get("status").asInt() == 200) {
                double mb = l.get("bytes").asDouble() / 1e6;
                sign.add(mb, l.get("sign_ms").asDouble());
                sha.add(mb, 1000 * mb / l.get("sha256_mb_s").asDouble());
            }
        }
        times.addSeries(sign);
        times.addSeries(sha);
        JFreeChart right = ChartFactory.createXYLineChart("Sign time vs PDF size", "PDF size (MB)", "milliseconds", times,
                PlotOrientation.VERTICAL, true, false, false);
        logX(right, "PDF size (MB)");
        if (sign.getItemCount() > 0) {
            LogAxis y = powersOfTen("milliseconds");
            ((XYPlot) right.getPlot()).setRangeAxis(y);
        }

        int width = 700;
        int height = 480;
        BufferedImage image = new BufferedImage(2 * width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 2 * width, height);
        left.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, width, height));
        right.draw(g, new java.awt.geom.Rectangle2D.Double(width, 0, width, height));
        g.dispose();
        ImageIO.write(image, "png", chart.toFile());
    }

    private static void logX(JFreeChart chart, String label) {
        XYPlot plot = (XYPlot) chart.getPlot();
        plot.setDomainAxis(powersOfTen(label));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    }

    /** A base-10 log axis with ticks at whole powers, labelled as plain numbers (1, 10, 100, 0.01). */
    private static LogAxis powersOfTen(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(0.001);
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setMinorTickCount(9);
        axis.setMinorTickMarksVisible(true);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        return axis;
    }

    static String replace(String text, String name, String content) {
        String begin = "<!-- bench:" + name + ":begin -->";
        String end = "<!-- bench:" + name + ":end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            System.err.println("no markers " + begin + " ... " + end + " in the document; " + name + " table skipped");
            return text;
        }
        return text.substring(0, from + begin.length()) + "\n" + content + text.substring(to);
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
    }

    private static List<Path> files(Path dir, String prefix, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(suffix))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private static List<JsonNode> newestLines(Path dir, String prefix) throws IOException {
        List<Path> all = files(dir, prefix, ".jsonl");
        return all.isEmpty() ? List.of() : lines(all.get(all.size() - 1));
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
