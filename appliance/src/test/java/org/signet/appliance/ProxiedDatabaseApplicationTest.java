package org.signet.appliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;

import org.junit.jupiter.api.AfterAll;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * One application, as deployed (probes on, JSON logs, the real SoftHSM token), on real PostgreSQL
 * reached through a loopback TCP proxy that tests can cut. Shared by the audit and the operations
 * end-to-end tests so that both run in one Spring context (one start-up, one proxy).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoint.health.probes.enabled=true", "logging.structured.format.console=ecs",
        "signet.audit.checkpoint.every-records=5", "signet.audit.checkpoint.check-interval=200ms",
        "spring.datasource.hikari.connection-timeout=2000", "spring.datasource.hikari.validation-timeout=1000" })
abstract class ProxiedDatabaseApplicationTest {

    protected static final TestTokens TOKENS = TestTokens.create();
    protected static final TcpProxy PROXY = startProxy();

    private static TcpProxy startProxy() {
        try {
            return new TcpProxy(5432).start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabases.TestDatabase database = TestDatabases.postgresSchema();
        registry.add("signet.home", () -> TestHome.path().toString());
        registry.add("signet.hsm.library", TestHome::library);
        registry.add("signet.security.tokens.public-key-file", () -> TOKENS.publicKeyFile().toString());
        registry.add("spring.datasource.url", () -> database.url().replace("127.0.0.1:5432/", "127.0.0.1:" + PROXY.port() + "/"));
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JsonMapper json;

    protected final HttpClient http = HttpClient.newHttpClient();
}
