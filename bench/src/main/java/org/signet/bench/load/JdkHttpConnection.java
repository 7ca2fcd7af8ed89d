package org.signet.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@link HttpConnection} over the JDK's {@link HttpClient} (shared by every client; it pools the
 * connections). Kept to compare with {@link SocketHttpConnection}: the JDK client hands each call to its
 * selector and executor threads and took 0.13-0.16 of the machine's two cores at 128 clients
 * (docs/benchmarks.md, round 8), CPU the appliance then did not have.
 */
final class JdkHttpConnection implements HttpConnection {

    private final HttpClient http;
    private final URI base;

    JdkHttpConnection(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    @Override
    public Response exchange(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.path()));
        if (request.bearerToken() != null) {
            builder.header("Authorization", "Bearer " + request.bearerToken());
        }
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.body());
    }

    @Override
    public void close() {
        // The shared client owns the connections.
    }
}
