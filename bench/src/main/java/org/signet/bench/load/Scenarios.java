package org.signet.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;

/** The scenarios of the HTTP load driver. */
final class Scenarios {

    private Scenarios() {
    }

    static Scenario byName(String name, String token, Path document, int hashes) {
        return switch (name) {
            case "tsa" -> tsa(token);
            case "signhash" -> CscSignHashScenario.create(token, "seal", hashes);
            case "pades" -> multipart("pades", "/api/v1/signatures", token, document);
            case "validate" -> multipart("validate", "/api/v1/validations", token, document);
            case "health" -> health();
            default -> throw new IllegalArgumentException("unknown scenario " + name + " (tsa, signhash, pades, validate, health)");
        };
    }

    /**
     * A scenario whose unit is one call: the request {@code next} makes, one operation when
     * {@code succeeded} accepts the answer.
     */
    private static Scenario oneCall(String name, Supplier<HttpConnection.Request> next,
            Predicate<HttpConnection.Response> succeeded) {
        return new Scenario() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int run(HttpConnection connection) throws IOException, InterruptedException {
                return succeeded.test(connection.exchange(next.get())) ? 1 : 0;
            }
        };
    }

    private static Scenario tsa(String token) {
        return oneCall("tsa", () -> {
            byte[] digest = new byte[32];
            ThreadLocalRandom.current().nextBytes(digest);
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(true);
            try {
                byte[] body = generator.generate(TSPAlgorithms.SHA256, digest,
                        BigInteger.valueOf(ThreadLocalRandom.current().nextLong())).getEncoded();
                return HttpConnection.Request.post("/tsa", "application/timestamp-query", token, body);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }, response -> response.status() == 200 && response.body().length > 100);
    }

    private static Scenario health() {
        HttpConnection.Request request = HttpConnection.Request.get("/actuator/health");
        return oneCall("health", () -> request, response -> response.status() == 200);
    }

    private static Scenario multipart(String name, String path, String token, Path document) {
        byte[] content;
        try {
            content = Files.readAllBytes(document);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        String boundary = "signet-bench-boundary";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + document.getFileName()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        HttpConnection.Request request = HttpConnection.Request.post(path, "multipart/form-data; boundary=" + boundary, token,
                out.toByteArray());
        return oneCall(name, () -> request, response -> response.status() == 200 && response.body().length > 0);
    }
}
