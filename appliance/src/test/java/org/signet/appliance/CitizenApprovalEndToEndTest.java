package org.signet.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.signet.approval.VerificationCode;
import org.signet.core.hsm.HsmToken;
import org.signet.core.hsm.TokenKey;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Citizen approvals in the running appliance with the real signer (credential store, HSM), security
 * included. The whole flow: the portal (bearer JWT) asks
 * for an enrolment link and a signing approval; the citizen's phone (headless Chromium with a WebAuthn
 * virtual authenticator) registers a passkey and approves; the portal's long poll answers SIGNED
 * with signature values made in SoftHSM by the provisioned citizen key, which verify. And the API's
 * edges: the portal API needs a portal token and shows a portal only its own requests; the citizen's
 * endpoints need no bearer token but the one-time link token, and answer problems for anything else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class CitizenApprovalEndToEndTest {

    private static final TestTokens TOKENS = TestTokens.create();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PORT = freePort();
    private static final String BASE = "http://localhost:" + PORT;
    private static ChromeDriver driver;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path db = Files.createTempDirectory("signet-citizen-db");
        registry.add("signet.home", () -> TestHome.path().toString());
        registry.add("signet.hsm.library", TestHome::library);
        registry.add("signet.security.tokens.public-key-file", () -> TOKENS.publicKeyFile().toString());
        registry.add("spring.datasource.url", () -> TestDatabases.h2(db).url());
        registry.add("server.port", () -> PORT);
        registry.add("signet.approval.public-base-url", () -> BASE);
        registry.add("signet.approval.origins", () -> BASE);
    }

    @Autowired
    HsmToken token;

    @Autowired
    JdbcTemplate jdbc;

    /**
     * The provisioned citizen key belongs to nobody; here it is citizen-001's, and portal client
     * portal-dvc owns it (as the operator API would record: owner, ownerClient).
     */
    @BeforeEach
    void citizenOwnsTheProvisionedCitizenKey() {
        jdbc.update("UPDATE signer_credential SET owner = ?, owner_client = ? WHERE id = 'citizen'", "citizen-001", "portal-dvc");
    }

    private List<Map<String, Object>> audited(String type) {
        return jdbc.queryForList("SELECT actor, request_id, credential_id, attributes FROM audit_log WHERE event_type = ? ORDER BY seq", type);
    }

    @BeforeAll
    static void startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=390,844");
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
        driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true));
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode post(String path, String bearer, String body, int expected) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    private static void waitForStatus(String status) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> status.equals(
                d.findElement(By.id("page")).getDomAttribute("data-status")));
    }

    /** Registers a passkey for the citizen on the (virtual) phone unless one is there already. */
    private void ensurePasskey(String portal) throws Exception {
        HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(BASE + "/api/v1/approvals/credentials/citizen/passkeys"))
                .header("Authorization", "Bearer " + portal).build(), HttpResponse.BodyHandlers.ofString());
        if (JSON.readTree(list.body()).size() > 0) {
            return;
        }
        String enrolment = post("/api/v1/approvals/enrolments", portal, "{\"credentialId\":\"citizen\"}", 201).get("link").asString();
        driver.get("about:blank");
        driver.get(enrolment);
        waitForStatus("READY");
        driver.findElement(By.id("enrol-passkey")).click();
        waitForStatus("ENROLLED");
    }

    @Test
    void citizenFlowWhenEnrolledAndApprovedOnPhoneThenPortalGetsSignaturesMadeInHsm() throws Exception {
        String portal = TOKENS.forSubject("portal-dvc", "portal");

        ensurePasskey(portal);

        byte[] dtbs1 = MessageDigest.getInstance("SHA-256").digest("tờ khai".getBytes(StandardCharsets.UTF_8));
        byte[] dtbs2 = MessageDigest.getInstance("SHA-256").digest("giấy tờ".getBytes(StandardCharsets.UTF_8));
        JsonNode pending = post("/api/v1/approvals", portal, """
                {"credentialId":"citizen","documents":[{"name":"to-khai.pdf","size":1000,"digest":"%s"},
                 {"name":"giay-to.pdf","size":2000,"digest":"%s"}]}""".formatted(Base64.getEncoder().encodeToString(dtbs1),
                Base64.getEncoder().encodeToString(dtbs2)), 202);
        driver.get("about:blank");
        driver.get(pending.get("approvalLink").asString());
        waitForStatus("PENDING_APPROVAL");
        assertThat(driver.findElement(By.id("code")).getText()).isEqualTo(pending.get("verificationCode").asString());
        driver.findElement(By.id("approve")).click();

        HttpResponse<String> polled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(BASE + "/api/v1/approvals/" + pending.get("requestId").asString() + "?waitSeconds=20"))
                .header("Authorization", "Bearer " + portal).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode done = JSON.readTree(polled.body());
        assertThat(done.get("status").asString()).as(polled.body()).isEqualTo("SIGNED");
        assertThat(done.get("method").asString()).isEqualTo("passkey");
        TokenKey key = token.findKey("citizen").orElseThrow();
        List<String> texts = List.of("tờ khai", "giấy tờ");
        for (int i = 0; i < 2; i++) {
            Signature verifier = Signature.getInstance(key.algorithm().name().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA");
            verifier.initVerify(key.certificate().getPublicKey());
            verifier.update(texts.get(i).getBytes(StandardCharsets.UTF_8));
            assertThat(verifier.verify(Base64.getDecoder().decode(done.get("signatures").get(i).asString()))).isTrue();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String bearer, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String digest(String text) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode createRequest(String portalToken) throws Exception {
        String body = """
                {"credentialId":"citizen","hashAlgorithm":"SHA-256","documents":[
                  {"name":"to-khai.pdf","size":12345,"digest":"%s"},{"name":"cccd.pdf","size":2048,"digest":"%s"}]}
                """.formatted(digest("one"), digest("two"));
        HttpResponse<String> created = send("POST", "/api/v1/approvals", portalToken, Map.of(), body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return JSON.readTree(created.body());
    }

    @Test
    void portalRequestThenCitizenViewsAndRejectsThenPortalSeesRejected() throws Exception {
        String portal = TOKENS.forSubject("portal-dvc", "portal");
        JsonNode pending = createRequest(portal);
        String requestId = pending.get("requestId").asString();
        String link = pending.get("approvalLink").asString();
        String token = link.substring(link.indexOf('#') + 1);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String expectedCode = VerificationCode.of(java.util.List.of(sha.digest("one".getBytes(StandardCharsets.UTF_8)),
                sha.digest("two".getBytes(StandardCharsets.UTF_8))));

        assertThat(pending.get("status").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(pending.get("verificationCode").asString()).isEqualTo(expectedCode);
        assertThat(link).startsWith(BASE + "/approval/approve.html#");
        assertThat(metric("signet_approvals_pending", "")).isPositive();

        HttpResponse<String> view = send("GET", "/approval/api/request", null, Map.of("X-Approval-Token", token), null);
        assertThat(view.statusCode()).isEqualTo(200);
        JsonNode shown = JSON.readTree(view.body());
        assertThat(shown.get("verificationCode").asString()).isEqualTo(expectedCode);
        assertThat(shown.get("portal").asString()).isEqualTo("portal-dvc");
        assertThat(shown.get("documents").get(0).get("name").asString()).isEqualTo("to-khai.pdf");
        assertThat(view.headers().firstValue("Content-Security-Policy")).get().asString().contains("frame-ancestors 'none'");

        // Long poll (asynchronous, no request thread held): a wait that runs out answers the pending status ...
        HttpResponse<String> stillPending = send("GET", "/api/v1/approvals/" + requestId + "?waitSeconds=1", portal, Map.of(), null);
        assertThat(stillPending.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(stillPending.body()).get("status").asString()).isEqualTo("PENDING_APPROVAL");
        // ... and a wait in flight when the citizen decides answers the decision.
        java.util.concurrent.CompletableFuture<HttpResponse<String>> polling = http.sendAsync(HttpRequest.newBuilder(
                URI.create(BASE + "/api/v1/approvals/" + requestId + "?waitSeconds=30"))
                .header("Authorization", "Bearer " + portal).build(), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> rejected = send("POST", "/approval/api/request/reject", null, Map.of("X-Approval-Token", token), null);
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(rejected.body()).get("status").asString()).isEqualTo("REJECTED");
        HttpResponse<String> decided = polling.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(decided.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(decided.body()).get("status").asString()).as(decided.body()).isEqualTo("REJECTED");

        HttpResponse<String> status = send("GET", "/api/v1/approvals/" + requestId + "?waitSeconds=1", portal, Map.of(), null);
        assertThat(JSON.readTree(status.body()).get("status").asString()).isEqualTo("REJECTED");

        HttpResponse<String> again = send("POST", "/approval/api/request/reject", null, Map.of("X-Approval-Token", token), null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("urn:signet:problem:approval-not-pending");
        // request -> decision latency, by outcome (no citizen or credential in the labels)
        assertThat(metric("signet_approval_decision_seconds_count", "outcome=\"rejected\"")).isPositive();
        assertThat(metric("signet_approval_decision_seconds_bucket", "outcome=\"rejected\"")).isPositive();
    }

    /** Sum of the Prometheus samples of {@code name} whose labels contain {@code labelPart}. */
    private double metric(String name, String labelPart) throws Exception {
        HttpResponse<String> scrape = send("GET", "/actuator/prometheus", TOKENS.forRole("operator"), Map.of(), null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name)
                + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape.body());
        double sum = 0;
        while (matcher.find()) {
            if (matcher.group(1) == null ? labelPart.isEmpty() : matcher.group(1).contains(labelPart)) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }

    @Test
    void portalApiWhenNoTokenOrWrongRoleOrOtherPortalThenRefused() throws Exception {
        String portal = TOKENS.forSubject("portal-dvc", "portal");
        String requestId = createRequest(portal).get("requestId").asString();

        assertThat(send("GET", "/api/v1/approvals/" + requestId, null, Map.of(), null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/approvals/" + requestId, TOKENS.forRole("auditor"), Map.of(), null).statusCode()).isEqualTo(403);
        HttpResponse<String> other = send("GET", "/api/v1/approvals/" + requestId, TOKENS.forSubject("portal-other", "portal"), Map.of(), null);
        assertThat(other.statusCode()).isEqualTo(404);
        HttpResponse<String> otherWaiting = send("GET", "/api/v1/approvals/" + requestId + "?waitSeconds=5",
                TOKENS.forSubject("portal-other", "portal"), Map.of(), null);
        assertThat(otherWaiting.statusCode()).isEqualTo(404);
        assertThat(otherWaiting.body()).contains("urn:signet:problem:");
        assertThat(send("GET", "/api/v1/approvals/" + requestId + "?waitSeconds=999", portal, Map.of(), null).statusCode()).isEqualTo(400);
        HttpResponse<String> seal = send("POST", "/api/v1/approvals", portal, Map.of(),
                "{\"credentialId\":\"seal\",\"documents\":[{\"name\":\"a.pdf\",\"size\":1,\"digest\":\"" + digest("x") + "\"}]}");
        assertThat(seal.statusCode()).isEqualTo(404);
        assertThat(seal.body()).contains("urn:signet:problem:credential-not-found");
    }

    @Test
    void citizenEndpointsWhenLinkTokenMissingOrForgedThenNotFoundAndUnlistedPathsClosed() throws Exception {
        HttpResponse<String> missing = send("GET", "/approval/api/request", null, Map.of(), null);
        HttpResponse<String> forged = send("POST", "/approval/api/request/options", null, Map.of("X-Approval-Token", "abc.def"), null);
        HttpResponse<String> page = send("GET", "/approval/approve.html", null, Map.of(), null);
        HttpResponse<String> unlisted = send("GET", "/approval/other.html", null, Map.of(), null);

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(unlisted.statusCode()).isEqualTo(401);
    }

    @Test
    void enrolmentLinkWhenPortalAsksThenCitizenCanOpenItOnce() throws Exception {
        String portal = TOKENS.forSubject("portal-dvc", "portal");
        HttpResponse<String> created = send("POST", "/api/v1/approvals/enrolments", portal, Map.of(), "{\"credentialId\":\"citizen\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String link = JSON.readTree(created.body()).get("link").asString();
        String token = link.substring(link.indexOf('#') + 1);

        HttpResponse<String> opened = send("GET", "/approval/api/enrolment", null, Map.of("X-Enrolment-Token", token), null);
        assertThat(opened.statusCode()).isEqualTo(200);
        HttpResponse<String> totp = send("POST", "/approval/api/enrolment/totp", null, Map.of("X-Enrolment-Token", token), null);
        assertThat(totp.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(totp.body()).get("otpauthUri").asString()).startsWith("otpauth://totp/");
        assertThat(send("GET", "/approval/api/enrolment", null, Map.of("X-Enrolment-Token", token), null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/approvals/credentials/citizen/passkeys", portal, Map.of(), null).body()).isEqualTo("[]");
    }

    @Test
    void totpWhenEnrolledThenStoredSealedUnderHsmKeyAndApprovalSignsInHsm() throws Exception {
        String portal = TOKENS.forSubject("portal-dvc", "portal");
        String link = JSON.readTree(send("POST", "/api/v1/approvals/enrolments", portal, Map.of(),
                "{\"credentialId\":\"citizen\"}").body()).get("link").asString();
        HttpResponse<String> enrolled = send("POST", "/approval/api/enrolment/totp", null,
                Map.of("X-Enrolment-Token", link.substring(link.indexOf('#') + 1)), null);
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
        String secret = JSON.readTree(enrolled.body()).get("secret").asString();

        // The database row holds only the HSM's AES-GCM ciphertext: no secret, not even a prefix of it.
        String stored = jdbc.queryForObject("SELECT secret FROM approval_totp WHERE citizen_id = 'citizen-001'", String.class);
        assertThat(stored).startsWith("hsm1:").doesNotContain(secret).doesNotContain(secret.substring(0, 6));

        JsonNode pending = createRequest(portal);
        String token = pending.get("approvalLink").asString().substring(pending.get("approvalLink").asString().indexOf('#') + 1);
        String code = new dev.samstevens.totp.code.DefaultCodeGenerator(dev.samstevens.totp.code.HashingAlgorithm.SHA1, 6)
                .generate(secret, java.time.Instant.now().getEpochSecond() / 30);
        HttpResponse<String> approved = send("POST", "/approval/api/request/approve-totp", null, Map.of("X-Approval-Token", token),
                "{\"code\":\"" + code + "\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode done = JSON.readTree(send("GET", "/api/v1/approvals/" + pending.get("requestId").asString() + "?waitSeconds=20",
                portal, Map.of(), null).body());
        assertThat(done.get("status").asString()).isEqualTo("SIGNED");
        assertThat(done.get("method").asString()).isEqualTo("totp");
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(this.token.findKey("citizen").orElseThrow().certificate().getPublicKey());
        verifier.update("one".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(done.get("signatures").get(0).asString()))).isTrue();
    }

    @Test
    void cscAuthorizeWhenCitizenCredentialThenPendingApprovalAndAfterApprovalSignedHashesVerify() throws Exception {
        // a clerk of the owning portal client (azp), not the client's own subject
        String portal = TOKENS.forSubject("portal-csc", "portal", Map.of("azp", "portal-dvc"));
        byte[] dtbs = MessageDigest.getInstance("SHA-256").digest("csc dtbs".getBytes(StandardCharsets.UTF_8));
        ensurePasskey(portal);

        JsonNode pending = post("/csc/v2/credentials/authorize", portal, """
                {"credentialID":"citizen","numSignatures":1,"hashes":["%s"],"hashAlgorithmOID":"2.16.840.1.101.3.4.2.1"}"""
                .formatted(Base64.getEncoder().encodeToString(dtbs)), 202);
        assertThat(pending.get("status").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(pending.get("verificationCode").asString()).isEqualTo(VerificationCode.of(List.of(dtbs)));
        driver.get("about:blank");
        driver.get(pending.get("approvalLink").asString());
        waitForStatus("PENDING_APPROVAL");
        assertThat(driver.findElement(By.id("code")).getText()).isEqualTo(pending.get("verificationCode").asString());
        driver.findElement(By.id("approve")).click();

        HttpResponse<String> polled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(BASE + pending.get("statusURI").asString() + "?waitSeconds=20"))
                .header("Authorization", "Bearer " + portal).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode done = JSON.readTree(polled.body());
        assertThat(done.get("status").asString()).as(polled.body()).isEqualTo("SIGNED");
        TokenKey key = token.findKey("citizen").orElseThrow();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key.certificate().getPublicKey());
        verifier.update("csc dtbs".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(done.get("signatures").get(0).asString()))).isTrue();
        assertThat(audited("SIGNATURE_PRODUCED")).anySatisfy(e -> {
            assertThat(e.get("request_id")).isEqualTo(pending.get("requestID").asString());
            assertThat(e.get("actor")).isEqualTo("citizen-001");
        });
    }

    @Test
    void portalSigningWithCitizenCredentialWithoutApprovalThenRefusedAndAudited() throws Exception {
        String portal = TOKENS.forSubject("portal-rogue", "portal");
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(new byte[] { 1 }));
        int refusedBefore = audited("SAD_REFUSED").size();

        HttpResponse<String> signHash = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/csc/v2/signatures/signHash"))
                .header("Authorization", "Bearer " + portal).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"credentialID\":\"citizen\",\"SAD\":\"forged\",\"hashes\":[\"" + hash
                        + "\"],\"hashAlgorithmOID\":\"2.16.840.1.101.3.4.2.1\",\"signAlgo\":\"1.2.840.10045.4.3.2\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signHash.statusCode()).as(signHash.body()).isEqualTo(400);
        assertThat(JSON.readTree(signHash.body()).path("error").asString()).isEqualTo("invalid_request");

        HttpResponse<String> document = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/signatures"))
                .header("Authorization", "Bearer " + portal).header("Content-Type", "multipart/form-data; boundary=B")
                .POST(HttpRequest.BodyPublishers.ofString("--B\r\nContent-Disposition: form-data; name=\"credential\"\r\n\r\ncitizen\r\n"
                        + "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
                        + new String(org.signet.core.test.TestPdfs.simple("x"), StandardCharsets.ISO_8859_1) + "\r\n--B--\r\n",
                        StandardCharsets.ISO_8859_1)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(document.statusCode()).as(document.body()).isEqualTo(403);
        assertThat(document.body()).contains("urn:signet:problem:credential-forbidden");

        List<Map<String, Object>> refusals = audited("SAD_REFUSED");
        assertThat(refusals.subList(refusedBefore, refusals.size())).extracting(e -> e.get("actor"))
                .containsExactly("portal-rogue", "portal-rogue");
        assertThat(refusals.get(refusals.size() - 1).get("attributes").toString()).contains("without the citizen's approval");
    }
}
