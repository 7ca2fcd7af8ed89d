package org.signet.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;

/** The scenarios of the HTTP load driver. */
final class Scenarios {

    private Scenarios() {
    }

    static Scenario byName(String name, URI base, String token, Path document, int hashes) {
        return switch (name) {
            case "tsa" -> tsa(base, token);
            case "signhash" -> CscSignHashScenario.create(base, token, "seal", hashes);
            case "pades" -> multipart("pades", base.resolve("/api/v1/signatures"), token, document, "application/pdf");
            case "validate" -> multipart("validate", base.resolve("/api/v1/validations"), token, document, null);
            case "health" -> health(base);
            default -> throw new IllegalArgumentException("unknown scenario " + name + " (tsa, signhash, pades, validate, health)");
        };
    }

    private static Scenario tsa(URI base, String token) {
        return new Scenario() {
            @Override
            public int run(HttpClient http) throws IOException, InterruptedException {
                HttpResponse<byte[]> response = http.send(next(), HttpResponse.BodyHandlers.ofByteArray());
                return succeeded(response.statusCode(), response.body()) ? 1 : 0;
            }

            @Override
            public String name() {
                return "tsa";
            }

            HttpRequest next() {
                byte[] digest = new byte[32];
                ThreadLocalRandom.current().nextBytes(digest);
                TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
                generator.setCertReq(true);
                try {
                    byte[] body = generator.generate(TSPAlgorithms.SHA256, digest,
                            BigInteger.valueOf(ThreadLocalRandom.current().nextLong())).getEncoded();
                    return HttpRequest.newBuilder(base.resolve("/tsa")).header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/timestamp-query")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }

            boolean succeeded(int status, byte[] body) {
                return status == 200 && body.length > 100;
            }
        };
    }

    private static Scenario health(URI base) {
        return new Scenario() {
            @Override
            public int run(HttpClient http) throws IOException, InterruptedException {
                HttpResponse<byte[]> response = http.send(next(), HttpResponse.BodyHandlers.ofByteArray());
                return succeeded(response.statusCode(), response.body()) ? 1 : 0;
            }

            @Override
            public String name() {
                return "health";
            }

            HttpRequest next() {
                return HttpRequest.newBuilder(base.resolve("/actuator/health")).GET().build();
            }

            boolean succeeded(int status, byte[] body) {
                return status == 200;
            }
        };
    }

    private static Scenario multipart(String name, URI target, String token, Path document, String expectedType) {
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
        byte[] body = out.toByteArray();
        return new Scenario() {
            @Override
            public int run(HttpClient http) throws IOException, InterruptedException {
                HttpResponse<byte[]> response = http.send(next(), HttpResponse.BodyHandlers.ofByteArray());
                return succeeded(response.statusCode(), response.body()) ? 1 : 0;
            }

            @Override
            public String name() {
                return name;
            }

            HttpRequest next() {
                return HttpRequest.newBuilder(target).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            }

            boolean succeeded(int status, byte[] responseBody) {
                return status == 200 && responseBody.length > 0;
            }
        };
    }
}
