package io.futurnal.llm.benchjmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A loopback port nothing listens on, so a connection to it is refused at once. */
final class ClosedPort {
    private ClosedPort() {
    }

    /** Binds an ephemeral loopback port and frees it again; the port number stays unused for a while. */
    static int find() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }
}
