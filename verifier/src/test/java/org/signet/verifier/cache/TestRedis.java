package org.signet.verifier.cache;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Real Redis for the cache tests: the shared server on 6379 under a random key prefix (its keys
 * deleted on close), and throw-away servers a test starts on a free loopback port to stop them again.
 */
public final class TestRedis implements AutoCloseable {

    public static final String SHARED_URL = "redis://127.0.0.1:6379";

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final String prefix;

    private TestRedis(String prefix) {
        this.client = RedisClient.create(SHARED_URL);
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        this.prefix = prefix;
    }

    /** A raw connection to the shared server and a fresh key prefix {@code signet-test:<uuid>:}. */
    public static TestRedis shared() {
        return new TestRedis("signet-test:" + UUID.randomUUID() + ":");
    }

    public String prefix() {
        return prefix;
    }

    /** Commands on the shared server, bypassing the cache under test (to inspect or forge entries). */
    public RedisCommands<byte[], byte[]> raw() {
        return connection.sync();
    }

    public byte[] key(String suffix) {
        return (prefix + suffix).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (byte[] key : raw().keys(key("*"))) {
            raw().del(key);
        }
        connection.close();
        client.shutdown();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts redis-server on {@code port} (loopback, no persistence) and waits until it answers PING. */
    public static Process start(int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).start();
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = new byte[7];
                if (socket.getInputStream().read(reply) > 0 && new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return process;
                }
            }
            catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroy();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }
}
