package io.argus.scrape;

import static io.argus.scrape.RawHttpServer.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.scrape.ScrapeHttpClient.Body;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random bodies, framings and write splits arrive byte-identical through the JDK client and the
 * plain HTTP/1.1 path, from the same loopback server.
 */
class Http1ClientPropertiesTest {
  enum Framing {
    CONTENT_LENGTH,
    CHUNKED,
    CLOSE_DELIMITED
  }

  private static final ScrapeHttpClient HTTP = new ScrapeHttpClient("argus-test");

  @AfterContainer
  static void closeClient() {
    HTTP.close();
  }

  @Property(tries = 60)
  void fetch_bothPathsReceiveTheSameBytes(
      @ForAll @IntRange(max = 300_000) int size,
      @ForAll long seed,
      @ForAll Framing framing,
      @ForAll boolean gzip)
      throws Exception {
    Random random = new Random(seed);
    byte[] content = new byte[size];
    random.nextBytes(content);
    byte[] wire = gzip ? gzip(content) : content;
    try (RawHttpServer server =
        new RawHttpServer((e, out) -> respond(out, wire, framing, gzip, new Random(seed)))) {
      URI url = URI.create("http://" + server.address() + "/metrics");
      long directBefore = HTTP.direct().exchanges();

      Body viaJdk = new Body();
      HTTP.fetchThroughJdk(url, "*/*", 10_000, 0, viaJdk, f -> {});
      Body direct = new Body();
      HTTP.fetch(url, "*/*", 10_000, 0, direct, f -> {});

      assertThat(HTTP.direct().exchanges()).isEqualTo(directBefore + 1);
      assertThat(Arrays.copyOf(direct.bytes, direct.length)).isEqualTo(content);
      assertThat(Arrays.copyOf(viaJdk.bytes, viaJdk.length)).isEqualTo(content);
      assertThat(direct.contentType).isEqualTo(viaJdk.contentType).isEqualTo("text/plain");
    }
  }

  /** Writes the response in random pieces; a close-delimited one ends the connection. */
  private static boolean respond(
      OutputStream out, byte[] wire, Framing framing, boolean gzip, Random random)
      throws Exception {
    StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n");
    if (gzip) {
      head.append("Content-Encoding: gzip\r\n");
    }
    switch (framing) {
      case CONTENT_LENGTH -> head.append("Content-Length: ").append(wire.length).append("\r\n");
      case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
      case CLOSE_DELIMITED -> head.append("Connection: close\r\n");
    }
    write(out, head.append("\r\n").toString());
    int at = 0;
    while (at < wire.length) {
      int n = 1 + random.nextInt(Math.min(wire.length - at, 1 + random.nextInt(40_000)));
      if (framing == Framing.CHUNKED) {
        write(out, Integer.toHexString(n) + (random.nextBoolean() ? ";ext=1" : "") + "\r\n");
        out.write(wire, at, n);
        write(out, "\r\n");
      } else {
        out.write(wire, at, n);
      }
      if (random.nextInt(4) == 0) {
        out.flush();
      }
      at += n;
    }
    if (framing == Framing.CHUNKED) {
      write(out, random.nextBoolean() ? "0\r\n\r\n" : "0\r\nX-Trailer: done\r\n\r\n");
    }
    return framing != Framing.CLOSE_DELIMITED;
  }

  private static byte[] gzip(byte[] content) throws java.io.IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }
}
