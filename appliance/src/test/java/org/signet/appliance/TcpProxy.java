package org.signet.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny TCP forwarder on a loopback port, so a test can cut one application's connection to the
 * shared PostgreSQL (stop: close the listener and every open connection) and restore it (start)
 * without touching the database server itself.
 */
final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private int port;

    TcpProxy(int targetPort) {
        this.targetPort = targetPort;
    }

    /** Listens (again) on the same loopback port; the first start picks a free one. */
    synchronized TcpProxy start() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = server.getLocalPort();
        listener = server;
        Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    int port() {
        return port;
    }

    /** Cuts every connection and refuses new ones until {@link #start()}. */
    synchronized void stop() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                pump(client, target);
                pump(target, client);
            }
            catch (IOException ex) {
                // listener closed (stop) or target unreachable: the client sees a closed connection
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            catch (IOException ex) {
                // connection cut
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // already closed
        }
    }
}
