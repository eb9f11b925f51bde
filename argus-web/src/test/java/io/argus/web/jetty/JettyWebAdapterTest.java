package io.argus.web.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JettyWebAdapterTest {
  private final Server server = new Server();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private URI base;

  /** Echoes what the adapter parsed: method, path, and every parameter. */
  private static WebResponse echo(WebRequest r) {
    if (r.path().equals("/web/none")) {
      return null;
    }
    StringBuilder sb = new StringBuilder(r.method()).append(' ').append(r.path());
    new java.util.TreeMap<>(r.params()).forEach((k, v) -> sb.append(' ').append(k).append(v));
    return WebResponse.text(201, sb.toString());
  }

  @BeforeEach
  void start() throws Exception {
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(0);
    server.addConnector(c);
    server.setHandler(
        new JettyWebAdapter(p -> p.startsWith("/web/"), List.of(JettyWebAdapterTest::echo), 64));
    server.start();
    base = URI.create("http://127.0.0.1:" + c.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    http.close();
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return http.send(
        b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void handle_postFormBodyComesBeforeQueryString() throws Exception {
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(base.resolve("/web/x?match%5B%5D=a&q=url"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=body&match[]=b")));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(text(r)).isEqualTo("POST /web/x match[][b, a] q[body, url]");
  }

  @Test
  void handle_gzipWhenAccepted() throws Exception {
    HttpResponse<byte[]> r =
        send(HttpRequest.newBuilder(base.resolve("/web/y?a=1")).header("Accept-Encoding", "gzip"));
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("GET /web/y a[1]");
    }
    HttpResponse<byte[]> plain = send(HttpRequest.newBuilder(base.resolve("/web/y")));
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(text(plain)).isEqualTo("GET /web/y");
  }

  /** Reads one response with a Content-Length body; returns its status line. */
  private static String readResponse(java.io.InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new java.io.EOFException("connection closed after: " + head);
      }
      head.append((char) c);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    assertThat(in.readNBytes(length)).hasSize(length);
    return head.substring(0, head.indexOf("\r\n"));
  }

  @Test
  void handle_gzipResponsesKeepTheConnectionUsable() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", base.getPort())) {
      s.setSoTimeout(30_000);
      byte[] request =
          "GET /web/y HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 3; i++) {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
        assertThat(readResponse(s.getInputStream())).as("response " + i).endsWith("201 Created");
      }
    }
  }

  @Test
  void handle_oversizedFormBodyIs413AndServerKeepsServing() throws Exception {
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(base.resolve("/web/x"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + "x".repeat(100))));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(send(HttpRequest.newBuilder(base.resolve("/web/ok"))).statusCode()).isEqualTo(201);
  }

  @Test
  void handle_otherPathsAndUnansweredRequestsAre404() throws Exception {
    assertThat(send(HttpRequest.newBuilder(base.resolve("/elsewhere"))).statusCode())
        .isEqualTo(404);
    HttpResponse<byte[]> none = send(HttpRequest.newBuilder(base.resolve("/web/none")));
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(text(none)).isEqualTo("404 page not found\n");
  }

  @Test
  void webRequest_headersAreCaseInsensitive() throws IOException {
    WebRequest r = new WebRequest("GET", "/", Map.of(), Map.of("accept", "x"));
    assertThat(r.header("Accept")).isEqualTo("x");
    assertThat(r.param("missing")).isEmpty();
  }
}
