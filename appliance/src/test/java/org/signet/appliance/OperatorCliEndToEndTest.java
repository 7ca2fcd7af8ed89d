package org.signet.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./signet ctl}, the operator's command line, run as an operator runs it against an
 * appliance served over HTTPS (the development root as curl's trust anchor) that trusts the
 * development token issuer of the test home, so the CLI mints its own operator and auditor tokens.
 * Each subcommand is checked by its effect: the token opens and logs in; a credential created in
 * the HSM appears in the list, its CSR verifies with {@code openssl req}, the certificate issued
 * for it imports, it signs, and once disabled it is refused; trust add refuses a non-CA certificate
 * and adds a CA with the fingerprint openssl computes; an audit export verifies offline and fails
 * once tampered, and the log is checked to still extend a kept export.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "server.ssl.enabled=true",
        "signet.audit.checkpoint.every-records=5", "signet.audit.checkpoint.every=2s",
        "signet.audit.checkpoint.check-interval=200ms" })
class OperatorCliEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path db = Files.createTempDirectory("signet-cli-db");
        registry.add("signet.home", () -> TestHome.path().toString());
        registry.add("signet.hsm.library", TestHome::library);
        // The development issuer of the test home (what ./signet dev-token signs with; made by ./signet provision,
        // or here by dev-token itself when only hsm-config/provision.sh ran).
        devToken("operator");
        registry.add("signet.security.tokens.public-key-file", () -> TestHome.path().resolve("dev-issuer/public.pem").toString());
        registry.add("spring.datasource.url", () -> TestDatabases.h2(db).url());
    }

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    private ExternalTool.Result ctl(String... args) {
        List<String> command = new ArrayList<>(List.of(TestHome.repoRoot().resolve("signet").toString(), "ctl"));
        command.addAll(List.of(args));
        return ExternalTool.run(command, Map.of("SIGNET_HOME", TestHome.path().toString(),
                "SIGNET_URL", "https://127.0.0.1:" + port, "SIGNET_TOKEN", "",
                "SIGNET_TRUST_DIR", dir.resolve("trust").toString(),
                // The Java subcommands run from the test's classes (the jar is packaged after the tests).
                "SIGNET_CLASSPATH", System.getProperty("java.class.path")), 120);
    }

    private static String run(String... command) {
        ExternalTool.Result result = ExternalTool.run(List.of(command));
        assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
        return result.output();
    }

    /** What ./signet dev-token prints for the test home's development issuer. */
    private static String devToken(String role) {
        ExternalTool.Result token = ExternalTool.run(List.of(TestHome.repoRoot().resolve("signet").toString(), "dev-token", role),
                Map.of("SIGNET_HOME", TestHome.path().toString()), 60);
        assertThat(token.exitCode()).as(token.output()).isZero();
        return token.output().trim();
    }

    @Test
    void helpNamesEveryCommandAndUnknownCommandsAreUsageErrors() {
        ExternalTool.Result help = ctl("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("token-status", "credential create", "credential import", "credential disable",
                "trust add", "trust list", "audit export", "audit verify", "SIGNET_URL", "SIGNET_TOKEN");
        assertThat(ctl("launch-missiles").exitCode()).isEqualTo(2);
        assertThat(ctl("credential", "show", "../../actuator").exitCode()).isEqualTo(2);
    }

    @Test
    void tokenStatusWhenTokenPresentThenLoggedInWithKeysAndWhenLabelUnknownThenFails() throws Exception {
        ExternalTool.Result status = ctl("token-status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("logged in").containsPattern("(?m)^  seal +RSA")
                .containsPattern("(?m)^  tsa ").containsPattern("(?m)^  audit ").contains("CN=Signet Development Organisation Seal");
        String pin = Files.readString(TestHome.path().resolve("secrets/hsm-user-pin")).trim();
        assertThat(status.output()).doesNotContain(pin);

        ExternalTool.Result missing = ctl("token-status", "--label", "no-such-token");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).contains("FAILED").contains("no-such-token").doesNotContain(pin);
    }

    @Test
    void credentialLifecycleThroughTheCliHasRealEffects() throws Exception {
        String id = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        Path csr = dir.resolve("request.csr");
        ExternalTool.Result created = ctl("credential", "create", id, "--kind", "OFFICER", "--owner", "dev-officer",
                "--key-type", "EC-P256", "--subject", "C=VN,O=Signet Development,CN=Cán bộ CLI", "--csr-out", csr.toString());
        assertThat(created.exitCode()).as(created.output()).isZero();
        try {
            assertThat(run("openssl", "req", "-in", csr.toString(), "-noout", "-verify")).contains("verify OK");
            assertThat(ctl("credential", "list").output()).containsPattern(id + " +OFFICER +PENDING_CERTIFICATE +EC-P256 +dev-officer");
            Path again = dir.resolve("again.csr");
            assertThat(ctl("credential", "csr", id, "-o", again.toString()).exitCode()).isZero();
            // Signed again in the HSM (ECDSA: a new signature), same key and subject.
            assertThat(run("openssl", "req", "-in", again.toString(), "-noout", "-verify", "-pubkey", "-subject"))
                    .isEqualTo(run("openssl", "req", "-in", csr.toString(), "-noout", "-verify", "-pubkey", "-subject"));

            Path cert = dir.resolve("cert.pem");
            run(TestHome.repoRoot().resolve("hsm-config/dev-ca.sh").toString(), "--home", TestHome.path().toString(), "issue",
                    csr.toString(), cert.toString());
            Path chain = Files.writeString(dir.resolve("chain.pem"), Files.readString(cert) + Files.readString(TestHome.pki("chain.pem")));
            ExternalTool.Result imported = ctl("credential", "import", id, chain.toString());
            assertThat(imported.exitCode()).as(imported.output()).isZero();
            assertThat(imported.output()).contains("\"ACTIVE\"");
            assertThat(ctl("credential", "list").output()).containsPattern(id + " +OFFICER +ACTIVE");

            String officer = devToken("officer");
            assertThat(sign(officer, id).statusCode()).isEqualTo(200);

            ExternalTool.Result disabled = ctl("credential", "disable", id);
            assertThat(disabled.exitCode()).as(disabled.output()).isZero();
            HttpResponse<String> refused = sign(officer, id);
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(refused.body()).path("type").asString()).isEqualTo("urn:signet:problem:credential-disabled");
            assertThat(ctl("credential", "list").output()).containsPattern(id + " +OFFICER +DISABLED");
            ExternalTool.Result reimport = ctl("credential", "import", id, chain.toString());
            assertThat(reimport.exitCode()).isEqualTo(1);
            assertThat(reimport.output()).contains("HTTP 409");
        }
        finally {
            ExternalTool.Result deleted = ctl("credential", "delete", id);
            assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        }
        assertThat(ctl("credential", "list").output()).doesNotContain(id).contains("seal");
        assertThat(ctl("credential", "show", id).exitCode()).isEqualTo(1);
    }

    @Test
    void trustAddRefusesANonCaCertificateAndAddsACaWithItsFingerprint() throws Exception {
        ExternalTool.Result endEntity = ctl("trust", "add", TestHome.pki("certs/seal.pem").toString());
        assertThat(endEntity.exitCode()).isEqualTo(1);
        assertThat(endEntity.output()).contains("not a CA certificate");
        assertThat(dir.resolve("trust")).doesNotExist();

        ExternalTool.Result added = ctl("trust", "add", TestHome.pki("issuing-ca.pem").toString());
        assertThat(added.exitCode()).as(added.output()).isZero();
        String fingerprint = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(PemCertificates.loadFile(TestHome.pki("issuing-ca.pem")).get(0).getEncoded()));
        assertThat(added.output()).contains(fingerprint).contains("CN=Signet Development Issuing CA");
        try (var files = Files.list(dir.resolve("trust"))) {
            assertThat(files.toList()).singleElement().satisfies(file -> assertThat(PemCertificates.loadFile(file).get(0)
                    .getCertificate()).isEqualTo(PemCertificates.loadFile(TestHome.pki("issuing-ca.pem")).get(0).getCertificate()));
        }

        ExternalTool.Result listed = ctl("trust", "list");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.output()).contains("CN=Signet Development Root CA").contains("CN=Signet Development Issuing CA")
                .contains(fingerprint);
    }

    @Test
    void auditExportVerifiesOfflineAndATamperedCopyFails() throws Exception {
        assertThat(ctl("credential", "list").exitCode()).isZero(); // at least one fresh record
        long covered = awaitCheckpoint();
        Path export = dir.resolve("audit.jsonl");
        ExternalTool.Result exported = ctl("audit", "export", "--from", "1", "--to", Long.toString(covered), "-o", export.toString());
        assertThat(exported.exitCode()).as(exported.output()).isZero();
        assertThat(exported.output()).containsPattern("[1-9][0-9]* records, [1-9][0-9]* checkpoints written");

        ExternalTool.Result verified = ctl("audit", "verify", export.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("OK");

        // As after a database restore: the log still holds the kept export's last checkpoint, and a
        // kept export whose checkpoint the log does not hold (rolled back or rewritten) is reported.
        ExternalTool.Result extended = ctl("audit", "extends", export.toString());
        assertThat(extended.exitCode()).as(extended.output()).isZero();
        assertThat(extended.output()).contains("still has the head hash").contains("OK");
        List<String> forked = new ArrayList<>(Files.readAllLines(export));
        int last = forked.size() - 1;
        assertThat(forked.get(last)).contains("\"kind\":\"checkpoint\"");
        forked.set(last, forked.get(last).replaceFirst("\"headHash\":\"[^\"]*\"", "\"headHash\":\"" + "00".repeat(32) + "\""));
        ExternalTool.Result rolledBack = ctl("audit", "extends", Files.write(dir.resolve("fork.jsonl"), forked).toString());
        assertThat(rolledBack.exitCode()).as(rolledBack.output()).isEqualTo(1);
        assertThat(rolledBack.output()).contains("FAILED: record " + covered + " differs");

        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        int index = lines.indexOf(lines.stream().filter(l -> l.contains("\"kind\":\"record\"") && l.contains("\"actor\":\""))
                .findFirst().orElseThrow());
        lines.set(index, lines.get(index).replaceFirst("\"actor\":\"[^\"]*\"", "\"actor\":\"someone-else\""));
        Path tampered = Files.write(dir.resolve("tampered.jsonl"), lines);
        ExternalTool.Result refused = ctl("audit", "verify", tampered.toString());
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("FAILED");
    }

    /** The tree size of a checkpoint (they come every 5 records or 2 s here); polls up to 30 s. */
    private long awaitCheckpoint() throws Exception {
        String auditor = devToken("auditor");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> page = https().send(java.net.http.HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/api/v1/audit/checkpoints?limit=1000")).header("Authorization", "Bearer " + auditor).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode checkpoints = JSON.readTree(page.body()).path("checkpoints");
            if (!checkpoints.isEmpty()) {
                return checkpoints.get(checkpoints.size() - 1).path("treeSize").asLong();
            }
            assertThat(System.nanoTime()).as("a checkpoint within 30 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> sign(String token, String credential) throws Exception {
        return https().send(Requests.multipart(URI.create("https://127.0.0.1:" + port + "/api/v1/signatures"), token,
                Map.of("cli.pdf", TestPdfs.simple("Ký bằng khóa tạo qua CLI")), Map.of("credential", credential, "level", "B-B")),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    private static HttpClient https() throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        try (var in = Files.newInputStream(TestHome.pki("root-ca.pem"))) {
            anchors.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }
}
