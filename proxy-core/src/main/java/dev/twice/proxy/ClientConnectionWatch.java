package dev.twice.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;

/**
 * Tells the exchange in progress on a client connection that the connection closed. Undertow has
 * no way to remove a close listener, so each keep-alive connection gets one listener for its whole
 * life, pointing at whichever exchange is current; one listener per request would pile up.
 */
final class ClientConnectionWatch implements ServerConnection.CloseListener {

    private static final AttachmentKey<ClientConnectionWatch> KEY = AttachmentKey.create(ClientConnectionWatch.class);

    private volatile RelayedExchange current;

    static void watch(HttpServerExchange exchange, RelayedExchange relayed) {
        ServerConnection connection = exchange.getConnection();
        ClientConnectionWatch watch = connection.getAttachment(KEY);
        if (watch == null) {
            watch = new ClientConnectionWatch();
            connection.putAttachment(KEY, watch);
            connection.addCloseListener(watch);
        }
        watch.current = relayed;
    }

    static void release(HttpServerExchange exchange, RelayedExchange relayed) {
        ClientConnectionWatch watch = exchange.getConnection().getAttachment(KEY);
        if (watch != null && watch.current == relayed) {
            watch.current = null;
        }
    }

    @Override
    public void closed(ServerConnection connection) {
        RelayedExchange relayed = current;
        current = null;
        if (relayed != null) {
            relayed.onIoThread(relayed::clientClosed);
        }
    }
}
