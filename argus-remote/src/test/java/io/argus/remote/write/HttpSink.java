package io.argus.remote.write;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.argus.remote.pb.v1.PbV1;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.xerial.snappy.Snappy;

/**
 * A remote-write endpoint on 127.0.0.1 for tests: answers each request with the next scripted
 * status (204 once the script is used up) and keeps every request's headers and decoded body.
 */
final class HttpSink implements AutoCloseable {
  /** One request as received. */
  record Received(Map<String, List<String>> headers, byte[] body, PbV1.WriteRequest request) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    int samples() {
      return request.getTimeseriesList().stream().mapToInt(PbV1.TimeSeries::getSamplesCount).sum();
    }
  }

  /** A scripted answer. */
  record Answer(int status, Map<String, String> headers, String body) {
    static Answer of(int status) {
      return new Answer(status, Map.of(), "");
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new ArrayList<>();

  HttpSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/api/v1/write", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
  }

  void script(Answer... answers) {
    script.addAll(List.of(answers));
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    PbV1.WriteRequest req = PbV1.WriteRequest.parseFrom(Snappy.uncompress(body));
    synchronized (this) {
      received.add(new Received(Map.copyOf(ex.getRequestHeaders()), body, req));
      notifyAll();
    }
    Answer a = script.poll();
    if (a == null) {
      a = Answer.of(204);
    }
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      ex.getResponseBody().write(out);
    }
    ex.close();
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  synchronized int samples() {
    return received.stream().mapToInt(Received::samples).sum();
  }

  /** Waits (at most 30 s) until {@code condition} holds; false if it never did. */
  synchronized boolean await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      // Conditions may also depend on state changed without a notification (metrics).
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
    }
    return true;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
