package io.argus.app.query;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A scrape target on loopback whose counter grows at a known rate: {@code
 * argus_test_requests_total} is {@code rate × seconds since start}, so every scrape, whoever makes
 * it, sees the true value of one ideal counter.
 */
final class CounterTarget implements AutoCloseable {
  private final HttpServer server;
  private final long startNanos = System.nanoTime();
  private final double perSecond;

  CounterTarget(double perSecond) throws IOException {
    this.perSecond = perSecond;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          double value = perSecond * (System.nanoTime() - startNanos) / 1e9;
          byte[] body =
              ("# HELP argus_test_requests_total Requests served.\n"
                      + "# TYPE argus_test_requests_total counter\n"
                      + "argus_test_requests_total "
                      + value
                      + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  double perSecond() {
    return perSecond;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
