package org.signet.bench.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A plain HTTP/1.1 client on one blocking keep-alive socket, the lightest client the driver can be:
 * the calling thread writes the request and reads the answer itself, with no selector or executor
 * hand-off. The driver runs on the appliance's two cores, so every core-millisecond it saves is left to
 * the appliance (docs/benchmarks.md, round 9). Speaks what the appliance answers: {@code
 * Content-Length} or chunked bodies, {@code Connection: close} (Tomcat closes a keep-alive connection
 * after 100 requests), plain {@code http} only. Reconnects on the next call after a close or an error;
 * never resends a request.
 */
final class SocketHttpConnection implements HttpConnection {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Longer than any answer at 128 clients (p99 2.6 s for 32 hashes) and than a 1 MB PAdES signature. */
    private static final int READ_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_LINE = 16 * 1024;

    private final InetSocketAddress address;
    private final String hostHeader;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SocketHttpConnection(URI base) {
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("the socket client speaks plain http only, not " + base.getScheme());
        }
        int port = base.getPort() < 0 ? 80 : base.getPort();
        this.address = new InetSocketAddress(base.getHost(), port);
        this.hostHeader = base.getHost() + ":" + port;
    }

    @Override
    public Response exchange(Request request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            write(request);
            return read(request);
        }
        catch (IOException ex) {
            close();
            throw ex;
        }
        catch (RuntimeException ex) {
            // A number that does not parse, a body too large for an array: the answer is not one we can read.
            close();
            throw new IOException("unreadable answer", ex);
        }
    }

    private void connect() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.connect(address, CONNECT_TIMEOUT_MILLIS);
            opened.setSoTimeout(READ_TIMEOUT_MILLIS);
            in = new BufferedInputStream(opened.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(opened.getOutputStream(), 64 * 1024);
            socket = opened;
        }
        catch (IOException ex) {
            opened.close();
            throw ex;
        }
    }

    private void write(Request request) throws IOException {
        StringBuilder head = new StringBuilder(256).append(request.method()).append(' ').append(request.path())
                .append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        if (request.bearerToken() != null) {
            head.append("Authorization: Bearer ").append(request.bearerToken()).append("\r\n");
        }
        if (request.contentType() != null) {
            head.append("Content-Type: ").append(request.contentType()).append("\r\n");
        }
        if (request.body() != null) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (request.body() != null) {
            out.write(request.body());
        }
        out.flush();
    }

    private Response read(Request request) throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> {
                    // not needed by the driver
                }
            }
        }
        byte[] body;
        if ("HEAD".equals(request.method()) || status == 204 || status == 304) {
            body = new byte[0];
        }
        else if (chunked) {
            body = readChunked();
        }
        else if (contentLength >= 0) {
            body = in.readNBytes(Math.toIntExact(contentLength));
            if (body.length != contentLength) {
                throw new EOFException("answer ended after " + body.length + " of " + contentLength + " bytes");
            }
        }
        else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, body);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers: not needed
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("chunk ended after " + chunk.length + " of " + size + " bytes");
            }
            body.write(chunk);
            if (!readLine().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    /** One CRLF-terminated line (ISO-8859-1), without its terminator. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            }
            catch (IOException ex) {
                // closing: nothing left to do
            }
            socket = null;
            in = null;
            out = null;
        }
    }
}
