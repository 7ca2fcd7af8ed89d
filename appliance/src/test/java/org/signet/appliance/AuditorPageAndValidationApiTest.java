package org.signet.appliance;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.verifier.ValidationBulkhead;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier over real HTTP in the running application: report kinds, the cache flag, validation
 * time, refusals of hostile input as problems, and the auditor page driven in headless Debian
 * chromium with Selenium (upload a signed and a tampered PDF, read the verdicts in Vietnamese and
 * English, open the detailed report). The screenshot lands in target/auditor-page.png.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditorPageAndValidationApiTest {

    private static final TestTokens TOKENS = TestTokens.create();
    private static final Path DATABASE_DIR = TestDatabases.newDirectory("signet-auditor-db");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedApplicationProperties.register(registry, TOKENS, DATABASE_DIR);
        registry.add("signet.verifier.cache.hmac-key-file", () -> DATABASE_DIR.resolve("cache-hmac.key").toString());
        // Tests here run one at a time, so only the bulkhead test ever waits for a validation slot.
        registry.add("signet.verifier.concurrency.max-wait", () -> "200ms");
        registry.add("signet.verifier.concurrency.retry-after", () -> "3s");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    ValidationBulkhead bulkhead;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void validateWhenSameDocumentTwiceThenSecondAnswerIsCached() throws Exception {
        byte[] signed = signPdf(TestPdfs.simple("Cached twice " + UUID.randomUUID()));

        JsonNode first = json.readTree(validateOk(signed, Map.of()).body());
        JsonNode second = json.readTree(validateOk(signed, Map.of()).body());

        assertThat(first.path("cached").asBoolean()).isFalse();
        assertThat(second.path("cached").asBoolean()).isTrue();
        assertThat(second.path("signatures").get(0).path("indication").asString()).isEqualTo("TOTAL_PASSED");
        assertThat(second.path("signatures").get(0).path("certificate").path("subject").asString())
                .contains("Signet Development Organisation Seal");
        assertThat(DATABASE_DIR.resolve("cache-hmac.key")).exists();
    }

    @Test
    void validateWhenDetailedOrEtsiReportAskedThenDssXml() throws Exception {
        byte[] signed = signPdf(TestPdfs.simple("Reports " + UUID.randomUUID()));

        HttpResponse<String> detailed = validateOk(signed, Map.of("report", "detailed"));
        HttpResponse<String> again = validateOk(signed, Map.of("report", "detailed"));
        HttpResponse<String> etsi = validateOk(signed, Map.of("report", "etsi"));

        assertThat(detailed.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
        assertThat(detailed.body()).contains("DetailedReport").contains("TOTAL_PASSED");
        assertThat(detailed.headers().firstValue("Signet-Cached")).hasValue("false");
        assertThat(again.headers().firstValue("Signet-Cached")).hasValue("true");
        assertThat(etsi.body()).contains("ValidationReport").contains("urn:etsi:019102:mainindication:total-passed");
    }

    @Test
    void validateWhenPdfReportAskedThenPdfInVietnameseByDefaultAndEnglishOnRequest(@TempDir Path dir) throws Exception {
        byte[] signed = signPdf(TestPdfs.simple("PDF report " + UUID.randomUUID()));
        byte[] tampered = TestPdfs.tamperTitle(signPdf(TestPdfs.simple(TestPdfs.TAMPER_TARGET)));

        HttpResponse<byte[]> vietnamese = validateBytes(signed, Map.of("report", "pdf"));
        HttpResponse<byte[]> english = validateBytes(signed, Map.of("report", "pdf", "lang", "en"));
        HttpResponse<byte[]> failed = validateBytes(tampered, Map.of("report", "pdf", "lang", "vi"));

        assertThat(vietnamese.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(vietnamese.headers().firstValue("Content-Disposition").orElse("")).contains("doc-validation-vi.pdf");
        assertThat(vietnamese.headers().firstValue("Signet-Cached")).hasValue("false");
        assertThat(english.headers().firstValue("Signet-Cached")).hasValue("true");
        assertThat(pdftotext(vietnamese.body(), dir)).contains("Báo cáo kiểm tra chữ ký số").contains("Chữ ký 1: HỢP LỆ")
                .contains("Signet Development Organisation Seal");
        assertThat(pdftotext(english.body(), dir)).contains("Signature 1: VALID").contains("TOTAL_PASSED");
        assertThat(pdftotext(failed.body(), dir)).contains("Chữ ký 1: KHÔNG HỢP LỆ").contains("HASH_FAILURE");
        assertProblem(validate(signed, Map.of("report", "pdf", "lang", "fr")), 400, "unsupported-parameter");
    }

    @Test
    void validateWhenValidationTimeBeforeCertificateThenNotPassed() throws Exception {
        byte[] signed = signPdf(TestPdfs.simple("Back in time " + UUID.randomUUID()));

        JsonNode report = json.readTree(validateOk(signed, Map.of("validationTime", "2020-01-01T00:00:00Z")).body());

        assertThat(report.path("validationTime").asString()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(report.path("signatures").get(0).path("indication").asString()).isNotEqualTo("TOTAL_PASSED");
    }

    /**
     * Every validation slot held (as by long validations): an uncached document is refused with a
     * {@code validation-busy} 503 problem and Retry-After after the short configured wait, a cached
     * verdict is still served, and once the slots are free the refused document validates.
     */
    @Test
    void validateWhenAllSlotsBusyThen503ProblemWithRetryAfterButCacheHitsServed() throws Exception {
        byte[] cachedDocument = signPdf(TestPdfs.simple("Cached before the rush " + UUID.randomUUID()));
        byte[] fresh = signPdf(TestPdfs.simple("Arrives during the rush " + UUID.randomUUID()));
        validateOk(cachedDocument, Map.of());
        int slots = bulkhead.capacity();
        CountDownLatch held = new CountDownLatch(slots);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holders = Executors.newFixedThreadPool(slots);
        try {
            java.util.List<Future<Boolean>> holding = new java.util.ArrayList<>();
            for (int i = 0; i < slots; i++) {
                holding.add(holders.submit(() -> bulkhead.call(() -> {
                    held.countDown();
                    try {
                        return release.await(60, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                })));
            }
            assertThat(held.await(60, TimeUnit.SECONDS)).isTrue();

            HttpResponse<String> refused = validate(fresh, Map.of());
            assertProblem(refused, 503, "validation-busy");
            assertThat(refused.headers().firstValue("Retry-After")).contains("3");
            JsonNode hit = json.readTree(validateOk(cachedDocument, Map.of()).body());
            assertThat(hit.path("cached").asBoolean()).isTrue();

            release.countDown();
            for (Future<Boolean> holder : holding) {
                assertThat(holder.get(60, TimeUnit.SECONDS)).isTrue();
            }
        }
        finally {
            release.countDown();
            holders.shutdownNow();
        }
        assertThat(bulkhead.available()).isEqualTo(slots);
        JsonNode later = json.readTree(validateOk(fresh, Map.of()).body());
        assertThat(later.path("cached").asBoolean()).isFalse();
        assertThat(later.path("signatures").get(0).path("indication").asString()).isEqualTo("TOTAL_PASSED");
    }

    @Test
    void validateWhenBadParametersOrHostileInputThenProblems() throws Exception {
        byte[] signed = signPdf(TestPdfs.simple("Parameters"));
        assertProblem(validate(signed, Map.of("validationTime", "yesterday")), 400, "unsupported-parameter");
        assertProblem(validate(signed, Map.of("report", "pdf-please")), 400, "unsupported-parameter");

        byte[] xxe = ("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>")
                .getBytes(StandardCharsets.UTF_8);
        assertProblem(post(Map.of("file", new FilePart("xxe.xml", xxe))), 422, "unsafe-document");
        byte[] bomb = Files.readAllBytes(TestHome.repoRoot()
                .resolve("verifier/src/test/resources/corpus/asic/zip-bomb-package-zip-1gb.asics"));
        assertProblem(post(Map.of("file", new FilePart("bomb.asics", bomb))), 422, "unsafe-document");
    }

    @Test
    void auditorPageWhenFilesDroppedThenVerdictsShownInVietnameseAndEnglish(@TempDir Path dir) throws Exception {
        byte[] signed = signPdf(TestPdfs.simple("Kết quả giải quyết thủ tục hành chính"));
        Path valid = Files.write(dir.resolve("ket-qua-da-ky.pdf"), signed);
        Path tampered = Files.write(dir.resolve("ket-qua-bi-sua.pdf"), TestPdfs.tamperTitle(
                signPdf(TestPdfs.simple(TestPdfs.TAMPER_TARGET))));
        HttpResponse<String> shortcut = http.send(HttpRequest.newBuilder(uri("/auditor")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(shortcut.statusCode()).isEqualTo(302);

        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        WebDriver browser = chromium(downloads);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get(uri("/auditor/index.html").toString());
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Kiểm tra chữ ký số");
            browser.findElement(By.id("token")).sendKeys(TOKENS.forRole("auditor"));

            browser.findElement(By.id("file")).sendKeys(valid.toString());
            browser.findElement(By.id("validate")).click();
            WebElement card = wait.until(b -> firstCard(b, "TOTAL_PASSED"));
            assertThat(card.getAttribute("class")).contains("verdict-passed");
            assertThat(card.getText()).contains("Hợp lệ").contains("Signet Development Organisation Seal")
                    .contains("PAdES-BASELINE-B").contains("Toàn bộ tài liệu");
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                    Path.of("target/auditor-page.png"), StandardCopyOption.REPLACE_EXISTING);

            browser.findElement(By.id("lang-en")).click();
            assertThat(browser.findElement(By.cssSelector("#signatures article")).getText())
                    .contains("Valid").contains("Whole document");

            browser.findElement(By.id("pdf-report")).click();
            WebElement pdfLink = wait.until(b -> b.findElement(By.id("pdf-link")).isDisplayed() ? b.findElement(By.id("pdf-link")) : null);
            assertThat(pdfLink.getAttribute("href")).startsWith("blob:");
            assertThat(pdfLink.getText()).isEqualTo("ket-qua-da-ky-validation-en.pdf");
            Path downloaded = downloads.resolve("ket-qua-da-ky-validation-en.pdf");
            wait.until(b -> Files.isRegularFile(downloaded) && downloaded.toFile().length() > 0);
            assertThat(pdftotext(Files.readAllBytes(downloaded), dir)).contains("Signature 1: VALID");

            browser.findElement(By.id("show-report")).click();
            wait.until(b -> b.findElement(By.id("report-panel")).isDisplayed());
            assertThat(browser.findElement(By.id("report")).getAttribute("srcdoc")).contains("Signet Development Organisation Seal");

            browser.findElement(By.id("lang-vi")).click();
            browser.findElement(By.id("file")).sendKeys(tampered.toString());
            browser.findElement(By.id("validate")).click();
            WebElement failed = wait.until(b -> firstCard(b, "TOTAL_FAILED"));
            assertThat(failed.getAttribute("class")).contains("verdict-failed");
            assertThat(failed.getText()).contains("Không hợp lệ").contains("HASH_FAILURE");
        }
        finally {
            browser.quit();
        }
    }

    private static WebElement firstCard(WebDriver browser, String indication) {
        return browser.findElements(By.cssSelector("#signatures article")).stream()
                .filter(card -> indication.equals(card.getAttribute("data-indication")))
                .findFirst().orElse(null);
    }

    /** Debian's chromium and chromedriver with explicit paths: Selenium Manager never downloads anything. */
    private static WebDriver chromium(Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--window-size=1100,1000", "--lang=vi");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private byte[] signPdf(byte[] pdf) throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("file", new FilePart("result.pdf", pdf));
        HttpResponse<byte[]> response = http.send(multipart("/api/v1/signatures", TOKENS.forRole("portal"), form),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> validate(byte[] document, Map<String, String> parameters) throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("file", new FilePart("doc.pdf", document));
        form.putAll(parameters);
        return post(form);
    }

    private HttpResponse<byte[]> validateBytes(byte[] document, Map<String, String> parameters) throws Exception {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("file", new FilePart("doc.pdf", document));
        form.putAll(parameters);
        HttpResponse<byte[]> response = http.send(multipart("/api/v1/validations", TOKENS.forRole("auditor"), form),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response;
    }

    private static String pdftotext(byte[] pdf, Path dir) throws IOException {
        Path file = Files.write(dir.resolve("report.pdf"), pdf);
        org.signet.core.test.ExternalTool.Result result = org.signet.core.test.ExternalTool.run(
                java.util.List.of("pdftotext", "-enc", "UTF-8", file.toString(), "-"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }

    private HttpResponse<String> validateOk(byte[] document, Map<String, String> parameters) throws Exception {
        HttpResponse<String> response = validate(document, parameters);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private HttpResponse<String> post(Map<String, Object> form) throws Exception {
        return http.send(multipart("/api/v1/validations", TOKENS.forRole("auditor"), form), HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("type").asString()).isEqualTo("urn:signet:problem:" + slug);
    }

    private HttpRequest multipart(String path, String token, Map<String, Object> form) throws IOException {
        String boundary = "signet-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> field : form.entrySet()) {
            body.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (field.getValue() instanceof FilePart file) {
                body.write(("Content-Disposition: form-data; name=\"" + field.getKey() + "\"; filename=\"" + file.name()
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write(file.content());
            }
            else {
                body.write(("Content-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n" + field.getValue())
                        .getBytes(StandardCharsets.UTF_8));
            }
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private record FilePart(String name, byte[] content) {
    }
}
