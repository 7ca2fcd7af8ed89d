package org.signet.core.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an independent tool (pdfsig, openssl, xmlsec1, pkcs11-tool, scripts) the way a user would,
 * so tests check Signet's output with software that shares none of its code.
 */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** Exit code and combined output of one run. */
    public record Result(int exitCode, String output) {
    }

    public static Result run(List<String> command) {
        return run(command, Map.of(), 120);
    }

    public static Result run(List<String> command, Map<String, String> environment, int timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot run " + command.get(0) + " (is it installed? ./signet test installs it): "
                    + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), ex);
        }
    }

    /** pdfsig's report on a signed PDF file. */
    public static Result pdfsig(Path pdf) {
        return run(List.of("pdfsig", pdf.toString()));
    }
}
