package org.signet.bench.pdf;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import org.signet.bench.BenchHome;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.signer.Caller;
import org.signet.signer.SignatureFormat;
import org.signet.signer.SignatureRequest;
import org.signet.signer.SignedDocument;
import org.signet.signer.SigningService;
import org.signet.signer.credential.TokenCredentialStore;
import org.signet.signer.pades.PadesDocumentSigner;

/**
 * Server-side sign time against PDF size, without HTTP: the PDF is already a file on disk (as an
 * upload is once received), and the appliance's own {@code SigningService} with the PAdES signer
 * and the SoftHSM seal signs it (PAdES B-B, audit digests included; the audit write itself is an
 * in-memory recorder). Two times per size: {@code ready} = until the signed document is ready to
 * be streamed (what the request thread does before the first response byte), and {@code file} =
 * ready plus writing the signed PDF to a new file (file-to-file). In the same run and JVM, SHA-256
 * over the same (cached) file: the floor, since a signature hashes the whole file once. Thread CPU
 * time is reported beside wall time because the machine is shared.
 * <p>
 * {@code PdfLocalSweep --dir var/bench/pdf --out results.jsonl --sizes 10KB,1MB,10MB,100MB,500MB}
 */
public final class PdfLocalSweep {

    private PdfLocalSweep() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("var/bench/pdf");
        Path out = null;
        List<Long> sizes = List.of(10L << 10, 1L << 20, 10L << 20, 100L << 20, 500L << 20);
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).map(PdfSizeSweep::bytes).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%12s %10s %10s %10s %10s %12s %12s %12s %10s%n", "bytes", "ready ms", "ready CPU",
                "SHA CPU", "file ms", "ready MB/s", "file MB/s", "SHA-256 MB/s", "ready/SHA");
        try (Pkcs11HsmToken token = BenchHome.openToken(2)) {
            TokenCredentialStore store = new TokenCredentialStore(token, Set.of("seal"),
                    PemCertificates.loadFile(BenchHome.path().resolve("pki/chain.pem")));
            SigningService service = new SigningService(store,
                    List.of(new PadesDocumentSigner(new CommonCertificateVerifier(), token)), new RecordingAuditTrail());
            for (long size : sizes) {
                Path pdf = dir.resolve("local-" + size + ".pdf");
                Path signedFile = dir.resolve("local-" + size + "-signed.pdf");
                PdfSizeSweep.writePdf(pdf, size);
                int repeats = size <= (10L << 20) ? 5 : 2;
                List<Double> ready = new ArrayList<>();
                List<Double> readyCpu = new ArrayList<>();
                List<Double> file = new ArrayList<>();
                List<Double> sha = new ArrayList<>();
                List<Double> shaCpu = new ArrayList<>();
                List<Double> readPasses = new ArrayList<>();
                List<Double> writePasses = new ArrayList<>();
                for (int r = 0; r < repeats + 1; r++) {
                    long shaCpu0 = threads.getCurrentThreadCpuTime();
                    double shaMillis = PdfSizeSweep.sha256Millis(pdf);
                    long shaCpu1 = threads.getCurrentThreadCpuTime();
                    long[] io0 = io();
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    SignedDocument signed = service.sign(SignatureRequest.of(new FileDocument(pdf.toFile()), "seal",
                            SignatureFormat.PADES, Caller.of("bench", "portal"), "bench-" + size + "-" + r));
                    long readyAt = System.nanoTime();
                    long cpu1 = threads.getCurrentThreadCpuTime();
                    long[] io1 = io();
                    try (OutputStream o = Files.newOutputStream(signedFile)) {
                        signed.document().writeTo(o);
                    }
                    long fileAt = System.nanoTime();
                    signed.release().run();
                    if (r > 0) { // the first is a warm-up
                        ready.add((readyAt - start) / 1e6);
                        readyCpu.add((cpu1 - cpu0) / 1e6);
                        file.add((fileAt - start) / 1e6);
                        sha.add(shaMillis);
                        shaCpu.add((shaCpu1 - shaCpu0) / 1e6);
                        readPasses.add((double) (io1[0] - io0[0]) / Files.size(pdf));
                        writePasses.add((double) (io1[1] - io0[1]) / Files.size(pdf));
                    }
                    Files.deleteIfExists(signedFile);
                }
                long bytes = Files.size(pdf);
                double mb = bytes / 1e6;
                double readyMs = median(ready);
                double fileMs = median(file);
                double shaMbS = mb / (median(sha) / 1000);
                String line = String.format(Locale.ROOT, "{\"bytes\":%d,\"ready_ms\":%.1f,\"ready_cpu_ms\":%.1f,\"sha256_cpu_ms\":%.1f,\"file_ms\":%.1f,"
                        + "\"ready_mb_s\":%.2f,\"file_mb_s\":%.2f,\"sha256_mb_s\":%.1f,\"repeats\":%d,\"ready_all\":\"%s\","
                        + "\"sha_all\":\"%s\",\"read_passes\":%.2f,\"write_passes\":%.2f,\"load_average\":\"%s\",\"at\":\"%s\"}", bytes, readyMs, median(readyCpu), median(shaCpu), fileMs,
                        mb / (readyMs / 1000), mb / (fileMs / 1000), shaMbS, ready.size(), ready, sha,
                        median(readPasses), median(writePasses), Files.readString(Path.of("/proc/loadavg")).trim(), Instant.now());
                System.out.printf(Locale.ROOT, "%12d %10.1f %10.1f %10.1f %10.1f %12.2f %12.2f %12.1f %9.0f%%%n", bytes,
                        readyMs, median(readyCpu), median(shaCpu), fileMs, mb / (readyMs / 1000), mb / (fileMs / 1000), shaMbS,
                        100 * (mb / (readyMs / 1000)) / shaMbS);
                System.out.printf(Locale.ROOT, "%12s read %.2f x the file, wrote %.2f x the file (rchar/wchar of this process)%n", "",
                        median(readPasses), median(writePasses));
                if (out != null) {
                    Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                Files.deleteIfExists(pdf);
            }
        }
    }

    /** rchar and wchar of this process: bytes through read and write calls, page cache included. */
    private static long[] io() throws java.io.IOException {
        long read = 0;
        long written = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("rchar:")) {
                read = Long.parseLong(line.substring(6).trim());
            }
            else if (line.startsWith("wchar:")) {
                written = Long.parseLong(line.substring(6).trim());
            }
        }
        return new long[] { read, written };
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }
}
