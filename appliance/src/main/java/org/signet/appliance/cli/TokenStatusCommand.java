package org.signet.appliance.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.signet.core.hsm.HsmException;
import org.signet.core.hsm.HsmProperties;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.hsm.TokenKey;
import org.signet.core.hsm.TokenStatus;

/**
 * {@code ./signet ctl token-status}: opens the HSM token the way the appliance does (module, label,
 * PIN file; the PIN never on a command line), logs in, and prints the token and every key that has
 * a certificate, with the certificate's expiry. Operators run it beside a running appliance (a
 * PKCS#11 token serves several processes) to check the token before or after a change. Exit code 0
 * when the token opens and logs in, 1 when it does not, 2 on a usage error.
 *
 * <p>Settings: {@code --library} (else {@code SIGNET_HSM_LIBRARY}), {@code --label} (else
 * {@code SIGNET_TOKEN_LABEL}, else {@code signet}), {@code --pin-file} (else
 * {@code $SIGNET_HOME/secrets/hsm-user-pin}); {@code SIGNET_HSM_USER_PIN} wins over the file, as in
 * the appliance.
 */
public final class TokenStatusCommand {

    private TokenStatusCommand() {
    }

    public static void main(String[] args) {
        quietLogs();
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * A command prints its answer, not the libraries' progress: the PKCS#11 wrapper writes INFO lines
     * to standard output unless given a logger, and logback's default configuration logs at DEBUG.
     */
    private static void quietLogs() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        org.xipki.pkcs11.wrapper.StaticLogger.setLogger(new org.xipki.pkcs11.wrapper.Logger() {
            @Override
            public void info(String format, Object... arguments) {
            }

            @Override
            public void warn(String format, Object... arguments) {
                System.err.println("pkcs11: " + format);
            }

            @Override
            public void error(String format, Object... arguments) {
                System.err.println("pkcs11: " + format);
            }

            @Override
            public void debug(String format, Object... arguments) {
            }

            @Override
            public void trace(String format, Object... arguments) {
            }

            @Override
            public boolean isDebugEnabled() {
                return false;
            }

            @Override
            public boolean isInfoEnabled() {
                return false;
            }

            @Override
            public boolean isWarnEnabled() {
                return true;
            }

            @Override
            public boolean isTraceEnabled() {
                return false;
            }
        });
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String library = env.getOrDefault("SIGNET_HSM_LIBRARY", "/usr/lib/softhsm/libsofthsm2.so");
        String label = env.getOrDefault("SIGNET_TOKEN_LABEL", "signet");
        Path pinFile = Path.of(env.getOrDefault("SIGNET_HOME", "var/dev"), "secrets", "hsm-user-pin");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--library" -> library = value;
                case "--label" -> label = value;
                case "--pin-file" -> pinFile = value == null ? null : Path.of(value);
                case "-h", "--help" -> {
                    out.println("usage: token-status [--library MODULE.so] [--label LABEL] [--pin-file FILE]");
                    return 0;
                }
                default -> {
                    err.println("token-status: unknown argument " + args[i]);
                    return 2;
                }
            }
            i++;
            if (value == null) {
                err.println("token-status: " + args[i - 1] + " needs a value");
                return 2;
            }
        }
        String pin = env.get("SIGNET_HSM_USER_PIN");
        HsmProperties properties = new HsmProperties(library, label, pinFile, pin == null || pin.isEmpty() ? null : pin, 1);
        try (Pkcs11HsmToken token = Pkcs11HsmToken.open(properties)) {
            TokenStatus status = token.status();
            out.printf("token   %s: slot %s, %s %s, logged in%n", status.label(), Long.toUnsignedString(status.slotId()),
                    status.manufacturer(), status.model());
            List<TokenKey> keys = token.listKeys().stream().sorted(Comparator.comparing(TokenKey::label)).toList();
            out.printf("keys    %d with a certificate%n", keys.size());
            out.printf("  %-20s %-6s %-22s %6s  %s%n", "LABEL", "ALG", "NOT AFTER", "DAYS", "SUBJECT");
            Instant now = Instant.now();
            for (TokenKey key : keys) {
                Instant notAfter = key.certificate().getNotAfter().toInstant();
                out.printf("  %-20s %-6s %-22s %6d  %s%n", key.label(), key.algorithm().name(), notAfter,
                        Duration.between(now, notAfter).toDays(), key.certificate().getSubject().getRFC2253());
            }
            return 0;
        }
        catch (HsmException | IllegalStateException | IllegalArgumentException ex) {
            // HsmException messages name the PKCS#11 return code, never the PIN.
            err.println("token-status: FAILED: " + ex.getMessage());
            return 1;
        }
    }
}
