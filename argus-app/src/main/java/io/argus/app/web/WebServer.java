package io.argus.app.web;

import io.argus.app.cli.ListenAddress;
import io.argus.util.Clock;
import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * A started Jetty server on one address, running every task on a virtual thread. Created by {@link
 * #start}, stopped by {@link #close}. Thread-safe.
 */
public final class WebServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  private WebServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Upstream's default {@code --web.read-timeout}: 5 minutes. */
  public static final long DEFAULT_READ_TIMEOUT_MILLIS = 300_000;

  /** Starts with the default read timeout. */
  public static WebServer start(ListenAddress address, Handler handler) throws IOException {
    return start(address, handler, DEFAULT_READ_TIMEOUT_MILLIS, Clock.SYSTEM);
  }

  /**
   * Binds {@code address} and starts serving {@code handler}.
   *
   * @param readTimeoutMillis {@code --web.read-timeout}: a connection must deliver each request
   *     header within this long of opening or of its previous response, and may idle this long
   *     between reads (Go's server uses its read timeout as idle timeout by default)
   * @throws IOException if the address cannot be bound or the server fails to start
   */
  public static WebServer start(
      ListenAddress address, Handler handler, long readTimeoutMillis, Clock clock)
      throws IOException {
    VirtualThreadPool threads = new VirtualThreadPool();
    threads.setName("argus-web");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    // Long PromQL in GET query strings: Go's server accepts up to 1 MiB of headers.
    http.setRequestHeaderSize(64 * 1024);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(address.host());
    connector.setPort(address.port());
    connector.setIdleTimeout(readTimeoutMillis);
    RequestReadDeadline deadline = new RequestReadDeadline(handler, readTimeoutMillis, clock);
    connector.addEventListener(deadline);
    server.addConnector(connector);
    server.setHandler(deadline);
    server.setStopTimeout(5_000);
    try {
      server.start();
      deadline.startSweeping(server.getScheduler());
    } catch (Exception e) {
      stopQuietly(server);
      if (e instanceof IOException io) {
        throw new IOException("listen tcp " + address + ": " + io.getMessage(), io);
      }
      throw new IOException("starting web server: " + e.getMessage(), e);
    }
    return new WebServer(server, connector);
  }

  /** The port actually bound (useful when the address asked for port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The base URL, {@code http://host:port/}, using 127.0.0.1 when bound to every interface. */
  public URI baseUri() {
    String host = connector.getHost();
    if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /** Stops accepting connections and waits (up to 5 s) for requests in flight. Idempotent. */
  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      // The server is being abandoned; stop() already released what it could.
    }
  }
}
