package org.signet.bench.load;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One load-driver client's HTTP/1.1 connection to the appliance, used by that client's thread only.
 * Scenarios speak through this instead of a particular HTTP library, so the driver can use the
 * lightest client that works ({@link SocketHttpConnection}) and still compare with the JDK's
 * ({@link JdkHttpConnection}) in the same scenario code.
 */
interface HttpConnection extends Closeable {

    /** A request: {@code contentType}, {@code bearerToken} and {@code body} may be null (a GET). */
    record Request(String method, String path, String contentType, String bearerToken, byte[] body) {

        static Request get(String path) {
            return new Request("GET", path, null, null, null);
        }

        static Request post(String path, String contentType, String bearerToken, byte[] body) {
            return new Request("POST", path, contentType, bearerToken, body);
        }
    }

    /** The status and the whole body of an answer. */
    record Response(int status, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends the request and reads the whole answer. */
    Response exchange(Request request) throws IOException, InterruptedException;

    @Override
    void close();
}
