package io.argus.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoHttpServerTest {
  private static final long START = 1_780_000_000_000L;
  private static final String PROMETHEUS_ACCEPT =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
          + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private final ManualClock clock = new ManualClock(START);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private DemoHttpServer server;

  @TempDir Path tmp;

  @BeforeEach
  void start() throws IOException {
    WorkloadLayout layout = WorkloadLayout.forSeries(300);
    List<DemoTarget> targets = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      targets.add(new DemoTarget(layout, i, START));
    }
    server = DemoHttpServer.start(targets, "127.0.0.1", 0, clock, START, 1000);
  }

  @AfterEach
  void stop() {
    server.close();
    http.close();
  }

  @Test
  void get_servesEachTargetInTheNegotiatedFormat() throws Exception {
    List<InetSocketAddress> addresses = server.addresses();
    assertThat(addresses).hasSize(2);
    assertThat(addresses.get(0).getPort()).isNotEqualTo(addresses.get(1).getPort());

    HttpResponse<byte[]> openMetrics = get(addresses.get(0), PROMETHEUS_ACCEPT);
    HttpResponse<byte[]> text = get(addresses.get(0), "text/plain;version=0.0.4");
    HttpResponse<byte[]> other = get(addresses.get(1), PROMETHEUS_ACCEPT);

    assertThat(openMetrics.statusCode()).isEqualTo(200);
    assertThat(openMetrics.headers().firstValue("content-type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(text.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    Map<Labels, Double> fromOpenMetrics = DemoTargetTest.parse(openMetrics.body(), true);
    assertThat(fromOpenMetrics).hasSize(300);
    assertThat(DemoTargetTest.parse(text.body(), false)).isEqualTo(fromOpenMetrics);
    assertThat(DemoTargetTest.parse(other.body(), true)).isNotEqualTo(fromOpenMetrics);
  }

  @Test
  void get_valuesMoveWithTheUpdateInterval() throws Exception {
    InetSocketAddress address = server.addresses().getFirst();
    byte[] first = get(address, "").body();
    clock.advanceMillis(999);
    byte[] sameTick = get(address, "").body();
    clock.advanceMillis(60_000);
    byte[] later = get(address, "").body();

    assertThat(sameTick).isEqualTo(first);
    assertThat(later).isNotEqualTo(first);
    assertThat(DemoTargetTest.parse(later, false).keySet())
        .isEqualTo(DemoTargetTest.parse(first, false).keySet());
  }

  @Test
  void rawConnection_keepsAliveAnswersPipelinedRequestsAndRejectsOthers() throws Exception {
    InetSocketAddress address = server.addresses().getFirst();
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
                  + "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
                  + "GET /other HTTP/1.1\r\nHost: x\r\n\r\n"
                  + "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String all = new String(readUntilClosed(socket.getInputStream()), StandardCharsets.UTF_8);

      assertThat(all).startsWith("HTTP/1.1 200 OK\r\n");
      int metricsLength = contentLength(all, 0);
      int second = all.indexOf("\r\n\r\n") + 4 + metricsLength;
      assertThat(all.substring(second)).startsWith("HTTP/1.1 200 OK\r\n");
      assertThat(contentLength(all, second)).isEqualTo(metricsLength);
      int third = all.indexOf("\r\n\r\n", second) + 4;
      assertThat(all.substring(third)).startsWith("HTTP/1.1 404 Not Found\r\n");
      int fourth = all.indexOf("\r\n\r\n", third) + 4 + contentLength(all, third);
      assertThat(all.substring(fourth))
          .startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
          .contains("Connection: close\r\n");
    }
  }

  @Test
  void rawConnection_oversizedHead_gets431() throws Exception {
    InetSocketAddress address = server.addresses().getFirst();
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /metrics HTTP/1.1\r\nX-Long: " + "a".repeat(DemoHttpServer.MAX_REQUEST_HEAD))
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer =
          new String(readUntilClosed(socket.getInputStream()), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 431 ");
    }
  }

  @Test
  void start_portTaken_failsNamingTheAddress() throws Exception {
    int taken = server.addresses().getFirst().getPort();
    List<DemoTarget> targets =
        List.of(new DemoTarget(WorkloadLayout.standard(), 1, START));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DemoHttpServer.start(targets, "127.0.0.1", taken, clock, START, 1000))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("listen tcp 127.0.0.1:" + taken + ": ");
  }

  @Test
  void body_passesPromtoolCheckMetrics() throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    Assumptions.assumeTrue(
        Files.isExecutable(promtool), "promtool not installed: skipping promtool check metrics");
    byte[] body = get(server.addresses().getFirst(), "").body();
    Path file = tmp.resolve("body.txt");
    Files.write(file, body);

    Process process =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectInput(file.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).doesNotContain("error", "problem");
  }

  private HttpResponse<byte[]> get(InetSocketAddress address, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + address.getPort() + "/metrics"))
            .timeout(Duration.ofSeconds(10));
    if (!accept.isEmpty()) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int contentLength(String responses, int from) {
    int at = responses.indexOf("Content-Length: ", from) + "Content-Length: ".length();
    return Integer.parseInt(responses.substring(at, responses.indexOf("\r\n", at)));
  }

  private static byte[] readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toByteArray();
  }
}
