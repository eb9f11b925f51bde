package io.argus.app.demo;

import io.argus.util.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves demo targets over HTTP/1.1, one listening port per target, from one selector thread, so
 * that serving hundreds of targets costs little CPU. {@code GET} or {@code HEAD /metrics} returns
 * the target's body in the format the {@code Accept} header prefers ({@link ExpositionFormat}),
 * rendered at most once per update interval and format; other paths get 404, other methods 405.
 * Connections are kept alive (HTTP/1.1, or HTTP/1.0 with {@code Connection: keep-alive});
 * pipelined requests are answered in order. Bodies are not compressed (a server may ignore {@code
 * Accept-Encoding}). Started by {@link #start}, stopped by {@link #close}; thread-safe.
 */
public final class DemoHttpServer implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(DemoHttpServer.class);

  /** The largest request head accepted; longer ones get 431 and the connection is closed. */
  static final int MAX_REQUEST_HEAD = 8192;

  private final List<DemoTarget> targets;
  private final List<ServerSocketChannel> listeners;
  private final Selector selector;
  private final Clock clock;
  private final long startMillis;
  private final long updateIntervalMillis;
  private final Thread thread;
  private volatile boolean running = true;

  private DemoHttpServer(
      List<DemoTarget> targets,
      List<ServerSocketChannel> listeners,
      Selector selector,
      Clock clock,
      long startMillis,
      long updateIntervalMillis) {
    this.targets = List.copyOf(targets);
    this.listeners = List.copyOf(listeners);
    this.selector = selector;
    this.clock = clock;
    this.startMillis = startMillis;
    this.updateIntervalMillis = updateIntervalMillis;
    this.thread = Thread.ofPlatform().name("argus-demo-http").daemon().unstarted(this::run);
  }

  /**
   * Binds one port per target on {@code host} and starts serving.
   *
   * @param firstPort the first target's port, the others following it; 0 gives every target a
   *     free port of the operating system's choice
   * @param startMillis when the workload started, in Unix ms: the first update's time
   * @param updateIntervalMillis how long a rendered body is served before values move on
   * @throws IOException if a port cannot be bound; nothing is left listening then
   */
  public static DemoHttpServer start(
      List<DemoTarget> targets,
      String host,
      int firstPort,
      Clock clock,
      long startMillis,
      long updateIntervalMillis)
      throws IOException {
    if (updateIntervalMillis <= 0) {
      throw new IllegalArgumentException("update interval must be positive");
    }
    if (firstPort != 0 && firstPort + targets.size() - 1 > 65535) {
      throw new IllegalArgumentException(
          "%d targets from port %d go past port 65535".formatted(targets.size(), firstPort));
    }
    List<ServerSocketChannel> listeners = new ArrayList<>();
    Selector selector = Selector.open();
    try {
      for (int i = 0; i < targets.size(); i++) {
        int port = firstPort == 0 ? 0 : firstPort + i;
        ServerSocketChannel listener = ServerSocketChannel.open();
        listeners.add(listener);
        try {
          listener.bind(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
          throw new IOException(
              "listen tcp %s: %s".formatted(hostPort(host, port), e.getMessage()), e);
        }
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT, i);
      }
    } catch (IOException | RuntimeException e) {
      for (ServerSocketChannel listener : listeners) {
        listener.close();
      }
      selector.close();
      throw e;
    }
    DemoHttpServer server =
        new DemoHttpServer(targets, listeners, selector, clock, startMillis, updateIntervalMillis);
    server.thread.start();
    return server;
  }

  /** The bound addresses, one per target in target order. */
  public List<InetSocketAddress> addresses() {
    List<InetSocketAddress> addresses = new ArrayList<>(listeners.size());
    for (ServerSocketChannel listener : listeners) {
      try {
        addresses.add((InetSocketAddress) listener.getLocalAddress());
      } catch (IOException e) {
        throw new IllegalStateException("server is closed", e);
      }
    }
    return addresses;
  }

  /** Stops serving, closes every port and connection, and waits for the server thread. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (running) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept(key);
          } else if (key.attachment() instanceof Connection connection) {
            connection.handle(key);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | ClosedSelectorException e) {
      logger.atError().setCause(e).log("demo server stopped");
    } finally {
      for (SelectionKey key : selector.keys()) {
        closeQuietly(key);
      }
      try {
        selector.close();
      } catch (IOException e) {
        // Shutting down; nothing to do about it.
      }
    }
  }

  private void accept(SelectionKey key) throws IOException {
    ServerSocketChannel listener = (ServerSocketChannel) key.channel();
    SocketChannel channel;
    while ((channel = listener.accept()) != null) {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.register(
          selector, SelectionKey.OP_READ, new Connection(channel, (Integer) key.attachment()));
    }
  }

  private static void closeQuietly(SelectionKey key) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException e) {
      // The peer is gone either way.
    }
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** A parsed request head. */
  private record Request(String method, String path, String accept, boolean keepAlive) {}

  /** One client connection: reads request heads, writes responses, one at a time. */
  private final class Connection {
    private final SocketChannel channel;
    private final int target;
    private final ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST_HEAD);
    private ByteBuffer @Nullable [] out;
    private boolean closeAfterWrite;

    Connection(SocketChannel channel, int target) {
      this.channel = channel;
      this.target = target;
    }

    void handle(SelectionKey key) {
      try {
        if (key.isWritable()) {
          flush(key);
        }
        if (key.isValid() && key.isReadable()) {
          if (channel.read(in) < 0) {
            closeQuietly(key);
            return;
          }
          serve(key);
        }
      } catch (IOException e) {
        closeQuietly(key);
      }
    }

    /** Answers complete requests in the input buffer while the previous answer is out. */
    private void serve(SelectionKey key) throws IOException {
      while (out == null && key.isValid()) {
        int headEnd = headEnd();
        if (headEnd < 0) {
          if (!in.hasRemaining()) {
            respond(key, 431, "request header fields too large\n", false);
          }
          return;
        }
        Request request = parse(headEnd);
        in.limit(in.position()).position(headEnd);
        in.compact();
        if (request == null) {
          respond(key, 400, "malformed request\n", false);
        } else if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
          respond(key, 405, "method not allowed\n", false);
        } else if (!request.path().equals("/metrics")
            && !request.path().startsWith("/metrics?")) {
          respond(key, 404, "not found: only /metrics is served\n", request.keepAlive());
        } else {
          ExpositionFormat format = ExpositionFormat.negotiate(request.accept());
          long tick = Math.max(0, clock.millis() - startMillis) / updateIntervalMillis;
          byte[] body =
              targets
                  .get(target)
                  .body(format, tick, tick * updateIntervalMillis / 1000.0);
          respond(key, 200, body, request.keepAlive(), format, request.method().equals("HEAD"));
        }
      }
    }

    /** The index just past the blank line ending the request head, or -1. */
    private int headEnd() {
      byte[] a = in.array();
      for (int i = 3; i < in.position(); i++) {
        if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
          return i + 1;
        }
      }
      return -1;
    }

    private @Nullable Request parse(int headEnd) {
      String head = new String(in.array(), 0, headEnd, StandardCharsets.ISO_8859_1);
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        return null;
      }
      boolean keepAlive = requestLine[2].equals("HTTP/1.1");
      String accept = "";
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        switch (name) {
          case "accept" -> accept = value;
          case "connection" -> {
            String token = value.toLowerCase(Locale.ROOT);
            if (token.contains("close")) {
              keepAlive = false;
            } else if (token.contains("keep-alive")) {
              keepAlive = true;
            }
          }
          case "content-length", "transfer-encoding" -> {
            if (!value.equals("0")) {
              // A request body is not expected; refuse rather than misread the stream.
              return null;
            }
          }
          default -> {}
        }
      }
      return new Request(requestLine[0], requestLine[1], accept, keepAlive);
    }

    /** Answers with a plain-text message. */
    private void respond(SelectionKey key, int status, String message, boolean keepAlive)
        throws IOException {
      respond(key, status, message.getBytes(StandardCharsets.UTF_8), keepAlive, null, false);
    }

    private void respond(
        SelectionKey key,
        int status,
        byte[] body,
        boolean keepAlive,
        @Nullable ExpositionFormat format,
        boolean headOnly)
        throws IOException {
      String head =
          "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
              + "Content-Type: "
              + (format == null ? "text/plain; charset=utf-8" : format.contentType()) + "\r\n"
              + "Content-Length: " + body.length + "\r\n"
              + (keepAlive ? "" : "Connection: close\r\n")
              + "\r\n";
      ByteBuffer headBuffer = ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1));
      out =
          headOnly
              ? new ByteBuffer[] {headBuffer}
              : new ByteBuffer[] {headBuffer, ByteBuffer.wrap(body)};
      closeAfterWrite = !keepAlive;
      flush(key);
    }

    private void flush(SelectionKey key) throws IOException {
      ByteBuffer[] pending = out;
      if (pending == null) {
        key.interestOps(SelectionKey.OP_READ);
        return;
      }
      channel.write(pending);
      if (pending[pending.length - 1].hasRemaining()) {
        key.interestOps(SelectionKey.OP_WRITE);
        return;
      }
      out = null;
      if (closeAfterWrite) {
        closeQuietly(key);
        return;
      }
      key.interestOps(SelectionKey.OP_READ);
      serve(key);
    }

    private static String reason(int status) {
      return switch (status) {
        case 200 -> "OK";
        case 400 -> "Bad Request";
        case 404 -> "Not Found";
        case 405 -> "Method Not Allowed";
        case 431 -> "Request Header Fields Too Large";
        default -> "Error";
      };
    }
  }
}
