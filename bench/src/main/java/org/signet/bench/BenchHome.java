package org.signet.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.signet.core.hsm.HsmProperties;
import org.signet.core.hsm.Pkcs11HsmToken;

/** The provisioned token and PKI the benchmarks use ({@code SIGNET_HOME}, set by bench/run.sh). */
public final class BenchHome {

    private BenchHome() {
    }

    public static Path path() {
        String home = System.getenv("SIGNET_HOME");
        if (home == null || !Files.isRegularFile(Path.of(home, "softhsm2.conf"))) {
            throw new IllegalStateException("SIGNET_HOME must point at a provisioned home: run bench/run.sh");
        }
        return Path.of(home);
    }

    public static Pkcs11HsmToken openToken(int maxSessions) {
        String library = System.getenv().getOrDefault("SIGNET_HSM_LIBRARY", "/usr/lib/softhsm/libsofthsm2.so");
        return Pkcs11HsmToken.open(new HsmProperties(library, System.getenv().getOrDefault("SIGNET_TOKEN_LABEL", "signet"),
                path().resolve("secrets/hsm-user-pin"), null, maxSessions));
    }
}
