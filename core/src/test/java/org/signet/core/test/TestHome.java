package org.signet.core.test;

import java.nio.file.Files;
import java.nio.file.Path;

import org.signet.core.hsm.HsmProperties;

/**
 * The provisioned runtime state that tests use: a SoftHSM token and development PKI made by
 * {@code hsm-config/provision.sh} in {@code var/test} ({@code ./signet test} does that first).
 */
public final class TestHome {

    private TestHome() {
    }

    public static Path path() {
        String configured = System.getProperty("signet.test.home", System.getenv("SIGNET_HOME"));
        if (configured == null) {
            throw new IllegalStateException("signet.test.home is not set: run the tests with ./signet test");
        }
        Path home = Path.of(configured);
        if (!Files.isRegularFile(home.resolve("softhsm2.conf"))) {
            throw new IllegalStateException("No provisioned token in " + home
                    + ": run ./signet test (or hsm-config/provision.sh " + home + ") first");
        }
        return home;
    }

    public static Path repoRoot() {
        return Path.of(System.getProperty("signet.repo.root", "..")).toAbsolutePath().normalize();
    }

    public static Path pki(String file) {
        return path().resolve("pki").resolve(file);
    }

    public static HsmProperties hsmProperties() {
        return hsmProperties(2);
    }

    public static HsmProperties hsmProperties(int maxSessions) {
        return new HsmProperties(library(), "signet", path().resolve("secrets/hsm-user-pin"), null, maxSessions);
    }

    public static String library() {
        String configured = System.getenv("SIGNET_HSM_LIBRARY");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String candidate : new String[] { "/usr/lib/softhsm/libsofthsm2.so",
                "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so" }) {
            if (Files.exists(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("SoftHSM is not installed: run ./signet test, which installs it");
    }
}
