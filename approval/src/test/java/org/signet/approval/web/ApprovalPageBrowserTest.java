package org.signet.approval.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.signet.approval.ApprovalService;
import org.signet.approval.ApprovalStatus;
import org.signet.approval.ApprovalTestApplication;
import org.signet.approval.MutableClock;
import org.signet.approval.PendingApproval;
import org.signet.approval.Portal;
import org.signet.approval.SignatureActivation;
import org.signet.approval.TestApprovals;
import org.signet.approval.webauthn.Enrolments;
import org.signet.approval.webauthn.PasskeyRepository;
import org.signet.core.audit.AuditEventType;
import org.signet.core.test.RecordingAuditTrail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The citizen's pages in a real browser: Debian's Chromium, headless, with Chrome's WebAuthn virtual
 * authenticator (a platform authenticator with user verification) standing in for the phone.
 */
@SpringBootTest(classes = ApprovalTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ApprovalPageBrowserTest {

    private static final int PORT = freePort();
    private static final String BASE = "http://localhost:" + PORT;
    private static ChromeDriver driver;
    private static VirtualAuthenticator authenticator;

    @Autowired
    ApprovalService approvals;
    @Autowired
    Enrolments enrolments;
    @Autowired
    PasskeyRepository passkeys;
    @Autowired
    SignatureActivation activation;
    @Autowired
    ApprovalTestApplication.SadRecorder sads;
    @Autowired
    RecordingAuditTrail audit;
    @Autowired
    MutableClock clock;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("signet.approval.public-base-url", () -> BASE);
        registry.add("signet.approval.origins", () -> BASE);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:approval-browser;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    }

    @BeforeAll
    static void startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=390,844", "--lang=vi");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        authenticator = driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
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

    @BeforeEach
    void blank() {
        driver.get("about:blank");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void open(String link) {
        driver.get("about:blank");
        driver.get(link);
    }

    private String waitForStatus(String... statuses) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> List.of(statuses)
                .contains(d.findElement(By.id("page")).getDomAttribute("data-status")));
        return driver.findElement(By.id("page")).getDomAttribute("data-status");
    }

    private void enrolPasskey(String credentialId, String label) {
        open(enrolments.link(Portal.of("portal-a"), credentialId).link());
        waitForStatus("READY");
        driver.findElement(By.id("label")).sendKeys(label);
        driver.findElement(By.id("enrol-passkey")).click();
        assertThat(waitForStatus("ENROLLED", "ERROR")).isEqualTo("ENROLLED");
    }

    private String alicePasskeyOrEnrol() {
        if (passkeys.findByCitizen("alice").stream().noneMatch(p -> p.active())) {
            enrolPasskey("cred-alice", "Alice's phone");
        }
        return passkeys.findByCitizen("alice").stream().filter(p -> p.active()).findFirst().orElseThrow().credentialId();
    }

    private PendingApproval requestForAlice(String... names) {
        return approvals.request(Portal.of("portal-a"), "cred-alice", "SHA-256", TestApprovals.documents(names));
    }

    private List<String> refusalReasons() {
        return audit.events().stream().filter(e -> e.type() == AuditEventType.SAD_REFUSED)
                .map(e -> e.attributes().get("reason")).toList();
    }

    @Test
    void approvePageWhenPasskeyEnrolledThenShowsPortalCodeDocumentsAndApproves() throws Exception {
        alicePasskeyOrEnrol();
        assertThat(audit.events()).filteredOn(e -> e.type() == AuditEventType.ENROLMENT)
                .anySatisfy(e -> assertThat(e.attributes()).containsEntry("action", "passkey-registered"));
        PendingApproval pending = requestForAlice("Tờ khai đăng ký hộ kinh doanh.pdf", "Bản sao CCCD.pdf");

        open(pending.approvalLink());
        assertThat(waitForStatus("PENDING_APPROVAL")).isEqualTo("PENDING_APPROVAL");
        assertThat(driver.findElement(By.id("code")).getText()).isEqualTo(pending.verificationCode());
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Yêu cầu ký số");
        assertThat(driver.findElement(By.id("portal")).getText()).isEqualTo("portal-a");
        assertThat(driver.findElement(By.id("documents")).getText()).contains("Tờ khai đăng ký hộ kinh doanh.pdf", "Bản sao CCCD.pdf",
                TestApprovals.documents("Bản sao CCCD.pdf").get(0).digestHex().substring(0, 16));
        assertThat(driver.findElement(By.id("countdown")).getText()).matches("[45]:\\d\\d");
        // Phone-size screenshot in Vietnamese: target/ always; docs/approval-page.png with -Dsignet.docs.screenshot=true
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", "approval-page.png"), png);
        if (Boolean.getBoolean("signet.docs.screenshot")) {
            Files.write(Path.of(System.getProperty("signet.repo.root", ".."), "docs", "approval-page.png"), png);
        }

        driver.findElement(By.id("approve")).click();
        assertThat(waitForStatus("APPROVED", "ERROR")).isEqualTo("APPROVED");
        assertThat(approvals.status(pending.requestId(), "portal-a").status()).isEqualTo(ApprovalStatus.APPROVED);
        String sad = sads.sads().get(sads.sads().size() - 1);
        assertThat(activation.consume(sad, "cred-alice", "alice", "SHA-256",
                List.of(TestApprovals.sha256("Tờ khai đăng ký hộ kinh doanh.pdf"), TestApprovals.sha256("Bản sao CCCD.pdf")),
                "signer").requestId()).isEqualTo(pending.requestId());
    }

    @Test
    void approvePageWhenCitizenRejectsThenRejectedAndAudited() {
        alicePasskeyOrEnrol();
        PendingApproval pending = requestForAlice("a.pdf");
        open(pending.approvalLink());
        waitForStatus("PENDING_APPROVAL");

        driver.findElement(By.id("reject")).click();

        assertThat(waitForStatus("REJECTED", "ERROR")).isEqualTo("REJECTED");
        assertThat(driver.findElement(By.id("message")).getText()).isEqualTo("Bạn đã từ chối yêu cầu này.");
        assertThat(approvals.status(pending.requestId(), "portal-a").status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(audit.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.APPROVAL_REJECTED);
            assertThat(e.requestId()).isEqualTo(pending.requestId());
        });
    }

    @Test
    void approvePageWhenExpiredThenShowsExpiredWithoutActionsAndInEnglishOnSwitch() {
        PendingApproval pending = requestForAlice("late.pdf");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        open(pending.approvalLink());

        assertThat(waitForStatus("EXPIRED", "ERROR")).isEqualTo("EXPIRED");
        assertThat(driver.findElement(By.id("actions")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("message")).getText()).isEqualTo("Yêu cầu đã hết hạn.");
        driver.findElement(By.id("lang")).click();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Signature request");
        assertThat(driver.findElement(By.id("message")).getText()).isEqualTo("This request has expired.");
        driver.findElement(By.id("lang")).click();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Yêu cầu ký số");
        assertThat(audit.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.APPROVAL_EXPIRED);
            assertThat(e.requestId()).isEqualTo(pending.requestId());
        });
    }

    /** Runs the WebAuthn ceremony in the page with a hook that may change the options or the response. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> forgedApproval(String changeOptions, String changeResponse) {
        return (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const opts = await Signet.call('POST', '/approval/api/request/options', 'X-Approval-Token');
                  %s
                  const cred = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(opts) });
                  const json = cred.toJSON();
                  %s
                  const r = await fetch('/approval/api/request/approve', { method: 'POST',
                    headers: { 'Content-Type': 'application/json', 'X-Approval-Token': Signet.token }, body: JSON.stringify(json) });
                  done({ status: r.status, body: await r.text() });
                })().catch(e => done({ error: String(e) }));
                """.formatted(changeOptions, changeResponse));
    }

    private void openPending(PendingApproval pending) {
        open(pending.approvalLink());
        waitForStatus("PENDING_APPROVAL");
    }

    @Test
    void approveWhenAssertionHasWrongChallengeOrOriginOrOtherCitizensPasskeyThenRefusedAndAudited() {
        alicePasskeyOrEnrol();
        if (passkeys.findByCitizen("bob").isEmpty()) {
            enrolPasskey("cred-bob", "Bob's phone");
        }
        String bobCredential = passkeys.findByCitizen("bob").get(0).credentialId();
        PendingApproval pending = requestForAlice("a.pdf");
        openPending(pending);
        int before = refusalReasons().size();

        Map<String, Object> wrongChallenge = forgedApproval(
                "opts.challenge = Signet.toB64u(crypto.getRandomValues(new Uint8Array(32)));", "");
        Map<String, Object> wrongOrigin = forgedApproval("", """
                const cd = JSON.parse(new TextDecoder().decode(Signet.fromB64u(json.response.clientDataJSON)));
                cd.origin = 'https://evil.example';
                json.response.clientDataJSON = Signet.toB64u(new TextEncoder().encode(JSON.stringify(cd)));
                """);
        Map<String, Object> otherCitizen = forgedApproval(
                "opts.allowCredentials = [{ type: 'public-key', id: '" + bobCredential + "' }];", "");

        assertThat(List.of(wrongChallenge, wrongOrigin, otherCitizen)).allSatisfy(result -> {
            assertThat(result).containsEntry("status", 403L);
            assertThat((String) result.get("body")).contains("urn:signet:problem:approval-refused");
        });
        assertThat(refusalReasons().subList(before, refusalReasons().size())).containsExactly(
                "challenge not issued for this request", "assertion not verified: BadOriginException",
                "passkey of another citizen");
        assertThat(approvals.status(pending.requestId(), "portal-a").status()).isEqualTo(ApprovalStatus.PENDING_APPROVAL);

        // The genuine ceremony still works afterwards, once.
        Map<String, Object> genuine = forgedApproval("", "");
        assertThat(genuine).containsEntry("status", 200L);
        Map<String, Object> again = forgedApproval("", "");
        assertThat(again).containsKey("error"); // no challenge any more: the request is no longer pending
    }

    @Test
    void approveWhenPasskeyRevokedThenRefused() {
        enrolPasskey("cred-alice", "Old phone");
        var old = passkeys.findByCitizen("alice").stream().filter(p -> p.label().equals("Old phone")).findFirst().orElseThrow();
        enrolments.revoke(Portal.of("portal-a"), "cred-alice", old.id());
        PendingApproval pending = requestForAlice("a.pdf");
        openPending(pending);

        Map<String, Object> result = forgedApproval("opts.allowCredentials = [{ type: 'public-key', id: '" + old.credentialId() + "' }];", "");

        assertThat(result).containsEntry("status", 403L);
        assertThat(refusalReasons()).last().isEqualTo("unknown or revoked passkey");
        assertThat(audit.events()).filteredOn(e -> e.type() == AuditEventType.ENROLMENT)
                .anySatisfy(e -> assertThat(e.attributes()).containsEntry("action", "passkey-revoked"));
    }

    @Test
    void approvalPagesWhenServedThenStrictContentSecurityPolicyAndNoFraming() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(BASE + "/approval/approve.html")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> api = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(BASE + "/approval/api/request")).header("X-Approval-Token", "x.y").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("frame-ancestors 'none'", "script-src 'self'", "default-src 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.body()).doesNotContain("<script>");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(api.headers().firstValue("Cache-Control")).contains("no-store");
    }

}
