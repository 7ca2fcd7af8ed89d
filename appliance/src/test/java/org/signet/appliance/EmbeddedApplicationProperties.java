package org.signet.appliance;

import java.nio.file.Path;

import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The properties every application test on the embedded defaults sets before its context starts:
 * the provisioned test home and SoftHSM library, the test token issuer's public key and an H2 file
 * database of its own. One place, so the application tests cannot drift apart in how they start.
 */
final class EmbeddedApplicationProperties {

    private EmbeddedApplicationProperties() {
    }

    static void register(DynamicPropertyRegistry registry, TestTokens tokens, Path databaseDir) {
        registry.add("signet.home", () -> TestHome.path().toString());
        registry.add("signet.hsm.library", TestHome::library);
        registry.add("signet.security.tokens.public-key-file", () -> tokens.publicKeyFile().toString());
        registry.add("spring.datasource.url", () -> TestDatabases.h2(databaseDir).url());
    }
}
