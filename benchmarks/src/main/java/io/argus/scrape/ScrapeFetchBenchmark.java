package io.argus.scrape;

import io.argus.bench.CounterExposition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fetches a ~100 KB text exposition from a loopback server through {@link ScrapeHttpClient}: the
 * JDK client ({@code path=jdk}) against the persistent HTTP/1.1 path ({@code path=direct}). The
 * server is a minimal keep-alive responder writing one prebuilt response, the same bytes for both
 * paths. Run with {@code -prof gc} for bytes allocated per fetch; each iteration also prints the
 * process CPU time per fetch (client threads of either path plus the server's), since the JDK
 * client works on its own threads as well as the caller's.
 *
 * <p>In package {@code io.argus.scrape} to reach the package-private fetch methods.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScrapeFetchBenchmark {
  @Param({"jdk", "direct"})
  public String path;

  @Param({"length", "chunked"})
  public String framing;

  private ServerSocket server;
  private Thread acceptor;
  private byte[] response;
  private ScrapeHttpClient http;
  private URI url;
  private ScrapeHttpClient.Body body;
  private long fetches;
  private long cpuAtStart;
  private long fetchesAtStart;

  @Setup
  public void setUp() throws IOException {
    byte[] exposition = CounterExposition.ofAtLeast(100_000);
    ByteArrayOutputStream r = new ByteArrayOutputStream();
    String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n";
    if (framing.equals("chunked")) {
      r.writeBytes(
          (head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      // Chunks of 4 KiB, as a Go server flushing its buffered writer writes them.
      for (int at = 0; at < exposition.length; at += 4096) {
        int n = Math.min(4096, exposition.length - at);
        r.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        r.write(exposition, at, n);
        r.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      r.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    } else {
      r.writeBytes(
          (head + "Content-Length: " + exposition.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      r.writeBytes(exposition);
    }
    response = r.toByteArray();
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().daemon().start(this::accept);
    url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/metrics");
    http = new ScrapeHttpClient("argus-bench");
    body = new ScrapeHttpClient.Body();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        Thread.ofPlatform().daemon().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[8192];
      int matched = 0;
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          return;
        }
        for (int i = 0; i < n; i++) {
          matched = buf[i] == "\r\n\r\n".charAt(matched) ? matched + 1 : (buf[i] == '\r' ? 1 : 0);
          if (matched == 4) {
            out.write(response);
            matched = 0;
          }
        }
      }
    } catch (IOException e) {
      // The client closed the connection.
    }
  }

  @Setup(Level.Iteration)
  public void markCpu() {
    cpuAtStart = processCpuNanos();
    fetchesAtStart = fetches;
  }

  @TearDown(Level.Iteration)
  public void reportCpu() {
    long n = fetches - fetchesAtStart;
    if (n > 0) {
      System.err.printf(
          "%n  [%s/%s] process cpu per fetch: %.1f us%n",
          path, framing, (processCpuNanos() - cpuAtStart) / 1e3 / n);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  @Benchmark
  public int fetch() throws ScrapeHttpClient.ScrapeFailure {
    if (path.equals("jdk")) {
      http.fetchThroughJdk(url, "text/plain", 10_000, 0, body, f -> {});
    } else {
      http.fetch(url, "text/plain", 10_000, 0, body, f -> {});
    }
    fetches++;
    return body.length;
  }

  @TearDown
  public void tearDown() throws Exception {
    http.close();
    server.close();
    acceptor.join();
  }
}
