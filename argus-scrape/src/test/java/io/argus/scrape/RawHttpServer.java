package io.argus.scrape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on 127.0.0.1 writing exactly the bytes a test scripts, to drive a client
 * through framings and failures a real server does not produce. Each connection runs on its own
 * virtual thread; it reads request heads one after another and lets the script answer each.
 */
final class RawHttpServer implements AutoCloseable {
  /** Answers one request; returns whether to read another request on the connection. */
  @FunctionalInterface
  interface Script {
    boolean respond(Exchange exchange, OutputStream out) throws Exception;
  }

  /** One request as received: its connection (numbered from 0), its index there, its head. */
  record Exchange(int connection, int request, String head) {
    String requestLine() {
      return head.substring(0, head.indexOf("\r\n"));
    }

    /** The value of header {@code name} (case-insensitive), or null. */
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).strip();
        }
      }
      return null;
    }
  }

  private final ServerSocket server;
  private final Thread acceptor;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** Counts connections whose client closed them (the server read the end of the stream). */
  private final AtomicInteger closedByClient = new AtomicInteger();

  private volatile Script script;
  private volatile CountDownLatch connectionEnded = new CountDownLatch(1);

  RawHttpServer(Script script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().start(this::accept);
  }

  void script(Script s) {
    script = s;
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  List<Exchange> exchanges() {
    return exchanges;
  }

  int closedByClient() {
    return closedByClient.get();
  }

  /** Returns a latch released when the next connection ends (either side closing it). */
  CountDownLatch nextConnectionEnd() {
    CountDownLatch l = new CountDownLatch(1);
    connectionEnded = l;
    return l;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      sockets.add(s);
      int id = connections.getAndIncrement();
      Thread.ofVirtual().start(() -> serve(s, id));
    }
  }

  private void serve(Socket s, int id) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      for (int request = 0; ; request++) {
        String head = readHead(in);
        if (head == null) {
          closedByClient.incrementAndGet();
          return;
        }
        Exchange e = new Exchange(id, request, head);
        exchanges.add(e);
        boolean more = script.respond(e, out);
        out.flush();
        if (!more) {
          return;
        }
      }
    } catch (Exception e) {
      // The client went away or the script ended the connection.
    } finally {
      connectionEnded.countDown();
    }
  }

  /** Reads a request head up to its empty line; null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** Writes ISO-8859-1 text. */
  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public void close() throws Exception {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    acceptor.join();
  }
}
