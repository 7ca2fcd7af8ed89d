package org.signet.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load driver's HTTP clients against a real HTTP server (the JDK's): both read fixed-length and
 * chunked answers and send the request as given; the socket client keeps its connection alive, honours
 * {@code Connection: close}, and reports a truncated answer as an error and recovers on the next call.
 */
class HttpConnectionTest {

    private HttpServer server;
    private URI base;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final byte[] large = new byte[300_000];

    @BeforeEach
    void startServer() throws IOException {
        new Random(7).nextBytes(large);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> answer(exchange, 200, "fixed".getBytes(StandardCharsets.UTF_8), false));
        server.createContext("/chunked", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int at = 0; at < large.length; at += 7_000) {
                    body.write(large, at, Math.min(7_000, large.length - at));
                    body.flush();
                }
            }
        });
        server.createContext("/echo", exchange -> {
            byte[] received = exchange.getRequestBody().readAllBytes();
            String echoed = exchange.getRequestMethod() + "|" + exchange.getRequestHeaders().getFirst("Authorization") + "|"
                    + exchange.getRequestHeaders().getFirst("Content-Type") + "|" + new String(received, StandardCharsets.UTF_8);
            answer(exchange, 201, echoed.getBytes(StandardCharsets.UTF_8), false);
        });
        server.createContext("/empty", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/close", exchange -> answer(exchange, 200, "bye".getBytes(StandardCharsets.UTF_8), true));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange, int status, byte[] body, boolean close) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        exchange.getRequestBody().readAllBytes();
        if (close) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private Supplier<HttpConnection> client(String kind) {
        return LoadDriver.connections(kind, base);
    }

    @ParameterizedTest
    @ValueSource(strings = { "socket", "jdk" })
    void readsFixedLengthChunkedAndEmptyAnswers(String kind) throws Exception {
        try (HttpConnection connection = client(kind).get()) {
            HttpConnection.Response fixed = connection.exchange(HttpConnection.Request.get("/fixed"));
            HttpConnection.Response chunked = connection.exchange(HttpConnection.Request.get("/chunked"));
            HttpConnection.Response empty = connection.exchange(HttpConnection.Request.get("/empty"));

            assertThat(fixed.status()).isEqualTo(200);
            assertThat(fixed.text()).isEqualTo("fixed");
            assertThat(chunked.body()).isEqualTo(large);
            assertThat(empty.status()).isEqualTo(204);
            assertThat(empty.body()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "socket", "jdk" })
    void sendsMethodHeadersAndBodyAsGiven(String kind) throws Exception {
        try (HttpConnection connection = client(kind).get()) {
            HttpConnection.Response echoed = connection.exchange(HttpConnection.Request.post("/echo", "application/json", "t0k",
                    "{\"hashes\":[\"é\"]}".getBytes(StandardCharsets.UTF_8)));

            assertThat(echoed.status()).isEqualTo(201);
            assertThat(echoed.text()).isEqualTo("POST|Bearer t0k|application/json|{\"hashes\":[\"é\"]}");
        }
    }

    @Test
    void socketClientKeepsItsConnectionAndReconnectsAfterConnectionClose() throws Exception {
        try (HttpConnection connection = client("socket").get()) {
            connection.exchange(HttpConnection.Request.get("/fixed"));
            connection.exchange(HttpConnection.Request.get("/chunked"));
            HttpConnection.Response closing = connection.exchange(HttpConnection.Request.get("/close"));
            HttpConnection.Response after = connection.exchange(HttpConnection.Request.get("/fixed"));

            assertThat(closing.text()).isEqualTo("bye");
            assertThat(after.text()).isEqualTo("fixed");
            assertThat(clientPorts).hasSize(4);
            assertThat(clientPorts.subList(0, 3)).containsOnly(clientPorts.get(0));
            assertThat(clientPorts.get(3)).isNotEqualTo(clientPorts.get(0));
        }
    }

    @Test
    void socketClientReportsATruncatedAnswerAndRecoversOnTheNextCall() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                try {
                    try (Socket first = listener.accept()) {
                        readRequestHead(first);
                        first.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"
                                .getBytes(StandardCharsets.ISO_8859_1));
                    }
                    try (Socket second = listener.accept()) {
                        readRequestHead(second);
                        second.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
                catch (IOException ex) {
                    // the test's assertions show what went wrong
                }
            });
            serving.start();
            try (HttpConnection connection = LoadDriver.connections("socket",
                    URI.create("http://127.0.0.1:" + listener.getLocalPort())).get()) {
                assertThatThrownBy(() -> connection.exchange(HttpConnection.Request.get("/")))
                        .isInstanceOf(IOException.class).hasMessageContaining("3 of 10");
                assertThat(connection.exchange(HttpConnection.Request.get("/")).text()).isEqualTo("ok");
            }
            serving.join(5_000);
        }
    }

    @Test
    void socketClientRefusesHttps() {
        assertThatThrownBy(() -> LoadDriver.connections("socket", URI.create("https://127.0.0.1:8443")).get())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void readRequestHead(Socket socket) throws IOException {
        var in = socket.getInputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }
}
