package io.futurnal.llm.http;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.util.Identifiable;
import org.apache.hc.core5.util.Timeout;

/**
 * A pooled connection that never writes headers or bytes to a log. HttpClient's own connection
 * logs every request header, {@code Authorization} included, as soon as the
 * {@code org.apache.hc.client5.http.headers} or {@code .wire} logger is at DEBUG, which a user's
 * logging setup decides; ours must keep the bearer token out of every log, whatever that setup is.
 * Otherwise it behaves as HttpClient's default connection: the socket timeout set while leased is
 * restored on reuse, and an idle connection in the pool has none.
 */
final class UnloggedConnection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection, Identifiable {

    /** The factory the pool uses. */
    static final HttpConnectionFactory<ManagedHttpClientConnection> FACTORY = new HttpConnectionFactory<>() {
        @Override
        public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
            UnloggedConnection connection = new UnloggedConnection();
            if (socket != null) {
                connection.bind(socket);
            }
            return connection;
        }
    };

    private static final AtomicLong COUNTER = new AtomicLong();

    private final String id = "futurnal-http-" + COUNTER.getAndIncrement();
    private volatile Timeout socketTimeout;

    private UnloggedConnection() {
        super(Http1Config.DEFAULT);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void bind(Socket socket) throws IOException {
        super.bind(socket);
        socketTimeout = Timeout.ofMilliseconds(socket.getSoTimeout());
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
        super.bind(sslSocket, socket);
        socketTimeout = Timeout.ofMilliseconds(sslSocket.getSoTimeout());
    }

    @Override
    public Socket getSocket() {
        SocketHolder holder = getSocketHolder();
        return holder == null ? null : holder.getSocket();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        super.setSocketTimeout(timeout);
        socketTimeout = timeout;
    }

    @Override
    public void passivate() {
        super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
    }

    @Override
    public void activate() {
        super.setSocketTimeout(socketTimeout);
    }

    @Override
    public String toString() {
        return id;
    }
}
