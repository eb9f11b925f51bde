package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --web.route-prefix}: every endpoint under the prefix, which defaults to the path of
 * {@code --web.external-url}; compared with Debian's Alertmanager 0.25 started the same way.
 */
class AlertmanagerRoutePrefixTest {
  private static final List<String> PATHS =
      List.of(
          "/",
          "/am",
          "/am/api/v2/status",
          "/am/-/healthy",
          "/am/-/ready",
          "/am/metrics",
          "/api/v2/status",
          "/-/healthy",
          "/other");

  @TempDir Path dir;

  private AlertmanagerServer startArgus(Path config, URI externalUrl, String routePrefix)
      throws Exception {
    AlertmanagerSettings settings =
        new AlertmanagerSettings(
                config,
                dir.resolve("argus-data-" + routePrefix.replace('/', '_')),
                new ListenAddress("127.0.0.1", 0),
                externalUrl,
                120 * 3_600_000L,
                15 * 60_000L,
                30 * 60_000L)
            .withRoutePrefix(routePrefix);
    return AlertmanagerServer.start(settings, BuildInfo.load(), Clock.SYSTEM, FileOps.defaults());
  }

  /** Status code, Location and (for errors) body of each path, one line each. */
  private static List<String> answers(String base, List<String> paths) throws Exception {
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      HttpResponse<String> r = AmTestSupport.get(base + p);
      String location = r.headers().firstValue("Location").orElse("");
      String body = r.statusCode() >= 400 ? r.body().strip() : "";
      out.add(p + " " + r.statusCode() + " " + location + " " + body);
    }
    return out;
  }

  private AmtoolRunner.Result amtool(String url, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--alertmanager.url=" + url);
    all.add("--no-version-check");
    return AmtoolRunner.run(dir, all);
  }

  @Test
  void routePrefix_fromExternalUrlPath_sameAnswersAndAmtoolOutputAsDebian() throws Exception {
    assumeTrue(AmtoolRunner.available(), "amtool not installed at " + AmtoolRunner.AMTOOL);
    assumeTrue(Files.isExecutable(AmTestSupport.DEBIAN_AM), "prometheus-alertmanager absent");
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, AmtoolAcceptanceTest.CONFIG);
    int debianPort = LoopbackPorts.freePort();
    Process debian =
        new ProcessBuilder(
                AmTestSupport.debianCommand(
                    config,
                    dir.resolve("debian-data"),
                    debianPort,
                    "http://127.0.0.1:" + debianPort + "/am/"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("debian.log").toFile())
            .start();
    try (AlertmanagerServer argus =
        startArgus(config, URI.create("http://127.0.0.1/am/"), "")) {
      String debianBase = "http://127.0.0.1:" + debianPort;
      String argusBase = "http://127.0.0.1:" + argus.port();
      awaitReady(debianBase + "/am");

      assertThat(answers(argusBase, PATHS)).isEqualTo(answers(debianBase, PATHS));
      assertThat(AmTestSupport.get(argusBase + "/am/api/v2/status").body())
          .contains("\"original\":\"global:");
      // The UI (ours, not upstream's) is under the prefix too.
      HttpResponse<String> ui = AmTestSupport.get(argusBase + "/am/");
      assertThat(ui.statusCode()).isEqualTo(302);
      assertThat(ui.headers().firstValue("Location")).hasValue("./alerts");
      assertThat(AmTestSupport.get(argusBase + "/am/alerts").statusCode()).isEqualTo(200);

      String start = "--start=2026-01-01T00:00:00Z";
      String end = "--end=2099-01-01T00:00:00Z";
      for (String url : List.of(debianBase + "/am", argusBase + "/am")) {
        AmtoolRunner.Result added = amtool(url, "alert", "add", "Prefixed", start, end);
        assertThat(added.exitCode()).as(url + ": " + added.err()).isZero();
      }
      for (String[] args :
          List.of(new String[] {"config", "show"}, new String[] {"alert", "query"})) {
        AmtoolRunner.Result fromDebian = amtool(debianBase + "/am", args);
        AmtoolRunner.Result fromArgus = amtool(argusBase + "/am", args);
        assertThat(fromArgus.exitCode()).as(fromArgus.err()).isZero();
        assertThat(fromArgus.out()).isEqualTo(fromDebian.out());
      }
      assertThat(amtool(argusBase + "/am", "alert", "query").out()).contains("Prefixed");
      // Without the prefix there is nothing to talk to, on either.
      assertThat(amtool(argusBase, "alert", "query").exitCode())
          .isEqualTo(amtool(debianBase, "alert", "query").exitCode())
          .isNotZero();
    } finally {
      debian.destroy();
      if (!debian.waitFor(10, TimeUnit.SECONDS)) {
        debian.destroyForcibly();
      }
    }
  }

  @Test
  void routePrefix_flagOverridesExternalUrlPath() throws Exception {
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, AmtoolAcceptanceTest.CONFIG);
    try (AlertmanagerServer argus =
        startArgus(config, URI.create("http://proxy.example.org/am/"), "//inner/")) {
      String base = "http://127.0.0.1:" + argus.port();
      assertThat(AmTestSupport.get(base + "/inner/api/v2/status").statusCode()).isEqualTo(200);
      assertThat(AmTestSupport.get(base + "/inner/-/healthy").statusCode()).isEqualTo(200);
      assertThat(AmTestSupport.get(base + "/am/api/v2/status").statusCode()).isEqualTo(404);
      HttpResponse<String> root = AmTestSupport.get(base + "/");
      assertThat(root.statusCode()).isEqualTo(302);
      assertThat(root.headers().firstValue("Location")).hasValue("/inner");
    }
  }

  @Test
  void routePrefix_slashOrEmptyPath_servesAtTheRoot() throws Exception {
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, AmtoolAcceptanceTest.CONFIG);
    try (AlertmanagerServer argus = startArgus(config, URI.create("http://127.0.0.1/"), "")) {
      String base = "http://127.0.0.1:" + argus.port();
      assertThat(AmTestSupport.get(base + "/api/v2/status").statusCode()).isEqualTo(200);
      assertThat(AmTestSupport.get(base + "/").statusCode()).isEqualTo(302);
      assertThat(AmTestSupport.get(base + "/").headers().firstValue("Location"))
          .hasValue("./alerts");
    }
  }

  private static void awaitReady(String base) throws Exception {
    for (int i = 0; i < 100; i++) {
      try {
        if (AmTestSupport.get(base + "/-/ready").statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("debian's alertmanager did not become ready");
  }
}
