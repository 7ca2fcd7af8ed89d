package org.signet.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CSC v2 hash signing as a remote client does it: {@code credentials/authorize} for N hashes (the SAD
 * is bound to exactly those hashes), then {@code signatures/signHash} with them. One unit = N
 * signatures; with N = 1 every signature pays two round trips, the SAD store and the audit append.
 * Phases {@code authorize} and {@code signHash}: each call's own latency (request sent to answer read,
 * on the client's own connection; with {@code --client jdk} also that client's queueing for one); the
 * unit latency also includes building the JSON bodies and parsing the answers in the driver.
 */
final class CscSignHashScenario implements Scenario {

    private static final Pattern SAD = Pattern.compile("\"SAD\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SIGNATURES = Pattern.compile("\"signatures\"\\s*:\\s*\\[([^\\]]*)\\]");
    private static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";

    private final String token;
    private final String credential;
    private final int hashes;

    private CscSignHashScenario(String token, String credential, int hashes) {
        this.token = token;
        this.credential = credential;
        this.hashes = hashes;
    }

    static Scenario create(String token, String credential, int hashes) {
        return new CscSignHashScenario(token, credential, Math.max(1, hashes));
    }

    @Override
    public String name() {
        return hashes == 1 ? "signhash" : "signhash" + hashes;
    }

    @Override
    public List<String> phases() {
        return List.of("authorize", "signHash");
    }

    @Override
    public int run(HttpConnection connection) throws IOException, InterruptedException {
        return run(connection, new long[2]);
    }

    @Override
    public int run(HttpConnection connection, long[] phaseNanos) throws IOException, InterruptedException {
        phaseNanos[0] = 0;
        phaseNanos[1] = 0;
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < hashes; i++) {
            byte[] hash = new byte[32];
            ThreadLocalRandom.current().nextBytes(hash);
            list.append(i == 0 ? "" : ",").append('"').append(Base64.getEncoder().encodeToString(hash)).append('"');
        }
        String authorize = "{\"credentialID\":\"" + credential + "\",\"numSignatures\":" + hashes + ",\"hashes\":[" + list
                + "],\"hashAlgorithmOID\":\"" + SHA256 + "\"}";
        HttpConnection.Request authorizeRequest = post("/csc/v2/credentials/authorize", authorize);
        long started = System.nanoTime();
        HttpConnection.Response authorized = connection.exchange(authorizeRequest);
        phaseNanos[0] = System.nanoTime() - started;
        Matcher sad = SAD.matcher(authorized.text());
        if (authorized.status() != 200 || !sad.find()) {
            return 0;
        }
        String sign = "{\"credentialID\":\"" + credential + "\",\"SAD\":\"" + sad.group(1) + "\",\"hashes\":[" + list
                + "],\"hashAlgorithmOID\":\"" + SHA256 + "\",\"signAlgo\":\"" + SHA256_WITH_RSA + "\"}";
        HttpConnection.Request signRequest = post("/csc/v2/signatures/signHash", sign);
        started = System.nanoTime();
        HttpConnection.Response signed = connection.exchange(signRequest);
        phaseNanos[1] = System.nanoTime() - started;
        Matcher signatures = SIGNATURES.matcher(signed.text());
        if (signed.status() != 200 || !signatures.find()) {
            return 0;
        }
        return signatures.group(1).split(",").length == hashes ? hashes : 0;
    }

    private HttpConnection.Request post(String path, String json) {
        return HttpConnection.Request.post(path, "application/json", token, json.getBytes(StandardCharsets.UTF_8));
    }
}
