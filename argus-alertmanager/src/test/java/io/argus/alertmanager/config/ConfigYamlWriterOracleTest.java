package io.argus.alertmanager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.testkit.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ConfigYamlWriter} against the real thing: Debian's prometheus-alertmanager 0.25, started
 * once on a free loopback port and reloaded with each configuration of {@code config-show/}, must
 * serve as {@code config.original} byte for byte what Argus prints for the same file.
 */
class ConfigYamlWriterOracleTest {
  private static final Path DEBIAN_AM = Path.of("/usr/bin/prometheus-alertmanager");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static Path configFile;
  private static Process debian;
  private static String base;

  @BeforeAll
  static void startDebian() throws Exception {
    assumeTrue(
        Files.isExecutable(DEBIAN_AM), "prometheus-alertmanager not installed at " + DEBIAN_AM);
    configFile = dir.resolve("alertmanager.yml");
    Files.writeString(configFile, resource("minimal.yml"));
    int port = LoopbackPorts.freePort();
    debian =
        new ProcessBuilder(
                DEBIAN_AM.toString(),
                "--config.file=" + configFile,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("debian.log").toFile())
            .start();
    base = "http://127.0.0.1:" + port;
    for (int i = 0; i < 100; i++) {
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "alertmanager did not become ready: " + Files.readString(dir.resolve("debian.log")));
  }

  @AfterAll
  static void stopDebian() throws Exception {
    if (debian != null) {
      debian.destroy();
      if (!debian.waitFor(10, TimeUnit.SECONDS)) {
        debian.destroyForcibly();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "minimal.yml",
        "global-and-routes.yml",
        "http-and-receivers.yml",
        "more-receivers.yml",
        "quoting.yml",
        "time-intervals.yml",
        "file-paths-and-urls.yml"
      })
  void write_equalsWhatAlertmanager025Serves(String name) throws Exception {
    Files.writeString(configFile, resource(name));
    HttpResponse<String> reload =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/-/reload"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reload.statusCode()).as("reload of %s: %s", name, reload.body()).isEqualTo(200);
    String served = JSON.readTree(get("/api/v2/status").body()).at("/config/original").asText();

    AlertmanagerConfig loaded = ConfigLoader.loadFile(configFile, ZoneId.systemDefault());

    assertThat(ConfigYamlWriter.write(loaded)).isEqualTo(served);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String resource(String name) throws IOException {
    try (InputStream in =
        ConfigYamlWriterOracleTest.class.getResourceAsStream("/config-show/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
