package io.argus.rules.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in Alertmanager on 127.0.0.1: records every request (path, headers, parsed JSON body) and
 * answers with a configurable status, optionally holding the answer until released.
 */
final class AlertSink implements AutoCloseable {
  record Received(String method, String path, String contentType, String authorization,
      String userAgent, JsonNode body) {
    int alertCount() {
      return body.size();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private volatile int status = 200;
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hold;

  AlertSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          JsonNode node = body.length == 0 ? JSON.createArrayNode() : JSON.readTree(body);
          synchronized (received) {
            received.add(
                new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")),
                    node));
            received.notifyAll();
          }
          if (hold) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /** The address as {@code host:port}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  void respondWith(int code) {
    status = code;
  }

  /** Makes every request wait (until {@link #close}) before it is answered. */
  void holdResponses() {
    hold = true;
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  int alertsReceived() {
    int n = 0;
    for (Received r : received()) {
      n += r.alertCount();
    }
    return n;
  }

  /** Waits (at most 20 s) until at least {@code alerts} alerts arrived; returns all requests. */
  List<Received> awaitAlerts(int alerts) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    synchronized (received) {
      while (count() < alerts && System.nanoTime() < deadline) {
        received.wait(50);
      }
      return List.copyOf(received);
    }
  }

  private int count() {
    int n = 0;
    for (Received r : received) {
      n += r.alertCount();
    }
    return n;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
