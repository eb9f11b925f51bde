package io.argus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.app.server.StorageOptions;
import io.argus.app.server.TsdbServerStorage;
import io.argus.app.testing.ExternalProcess;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real fat jar ({@code argus-app/target/argus.jar}, built in {@code package}) as
 * processes. Every wait is bounded; every process is killed at the end.
 */
class ArgusJarIT {
  private static final long WAIT_SECONDS = 120; // argus up starts six JVMs at once

  @TempDir Path tmp;

  private Path jar;
  private final List<ExternalProcess> processes = new ArrayList<>();

  @BeforeEach
  void findJar() {
    String property = System.getProperty("argus.jar", "target/argus.jar");
    jar = Path.of(property);
    assumeTrue(Files.isRegularFile(jar), "argus.jar not built at " + jar + "; run mvn verify");
  }

  @AfterEach
  void killProcesses() throws InterruptedException {
    for (ExternalProcess process : processes) {
      process.close();
    }
  }

  private ExternalProcess run(String... args) throws IOException {
    ExternalProcess process =
        ExternalProcess.start(ExternalProcess.argusJar(jar, args), tmp, WAIT_SECONDS);
    processes.add(process);
    return process;
  }

  @Test
  void version_printsRevisionFromTheBuild() throws Exception {
    ExternalProcess run = run("--version");

    assertThat(run.awaitExit()).isZero();
    assertThat(run.output())
        .matches(
            "(?s)argus, version \\S+ \\(branch: \\S+, revision: (?:[0-9a-f]{40}|unknown)\\)\n.*")
        .contains("build date:", "java:             25");
  }

  @Test
  void up_runsHaPairAlertmanagersAndDemoUntilSigterm() throws Exception {
    int port = LoopbackPorts.freePort();
    Path data = tmp.resolve("data");
    ExternalProcess up = run("up", "--data.dir=" + data, "--port.base=" + port);

    up.awaitLine(l -> l.matches("server-0 +\\| .*server is ready.*"));
    up.awaitLine(l -> l.matches("server-1 +\\| .*server is ready.*"));
    up.awaitLine(l -> l.matches("demo +\\| .*argus demo: 3 target\\(s\\).*"));
    for (int peer = 0; peer < 3; peer++) {
      String name = "alertmanager-" + peer;
      up.awaitLine(l -> l.startsWith(name + " | ") && l.contains("gossip settled"));
    }
    assertThat(up.output())
        .contains("server-0", "http://127.0.0.1:" + port + "/")
        .contains("server-1", "http://127.0.0.1:" + (port + 1) + "/");
    assertThat(Files.readString(data.resolve("server-1.yml")))
        .contains("replica: \"1\"", "job_name: demo", "127.0.0.1:" + (port + 20));
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> ready =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                  .timeout(Duration.ofSeconds(WAIT_SECONDS))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      for (int peer = 0; peer < 3; peer++) {
        HttpResponse<String> metrics =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + (port + 3 + peer) + "/metrics"))
                    .timeout(Duration.ofSeconds(WAIT_SECONDS))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("alertmanager_cluster_members 3.0");
      }
      // The rule files are loaded before the server reports ready.
      for (int replica = 0; replica < 2; replica++) {
        HttpResponse<String> rules =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + (port + replica) + "/api/v1/rules"))
                    .timeout(Duration.ofSeconds(WAIT_SECONDS))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rules.body())
            .contains(
                "\"name\":\"argus-ha\"",
                "\"file\":\"" + data.resolve("self-monitoring.rules.yml") + "\"",
                "\"name\":\"ArgusReplicaDown\"");
      }
    }
    Path serverData = data.resolve("server-0");
    assertThat(serverData.resolve(TsdbServerStorage.LOCK_FILE)).exists();

    ExternalProcess second =
        run("server", "--storage.tsdb.path=" + serverData, "--web.listen-address=127.0.0.1:0");
    assertThat(second.awaitExit()).isEqualTo(1);
    assertThat(second.output())
        .contains(
            "level=error msg=\"opening storage failed\""
                + " err=\"lock DB directory: resource temporarily unavailable\"");

    // Via the handle, so that the pipe stays open and the last lines can be read.
    up.process().toHandle().destroy();

    assertThat(up.awaitExit()).as(up.output()).isZero();
    assertThat(up.output())
        .contains("msg=\"received termination signal\"", "see you next time!")
        .contains("all components stopped");
    assertThat(serverData.resolve("wal")).isDirectory();
    // The lock is released: the directory opens again.
    TsdbServerStorage.open(
            FileOps.defaults(),
            new StorageOptions(serverData, 0, 0),
            Clock.SYSTEM,
            new PrometheusRegistry())
        .close();
  }

  @Test
  void aotTraining_writesACacheThatTheJvmThenStartsFrom() throws Exception {
    Path cache = tmp.resolve("argus.aot");
    Path scratch = Files.createDirectory(tmp.resolve("scratch"));
    ExternalProcess training =
        ExternalProcess.start(
            withJvmOptions(
                ExternalProcess.argusJar(jar, "aot-training", "--query-rounds=2"),
                "-XX:+UseCompactObjectHeaders",
                "-XX:AOTCacheOutput=" + cache,
                "-Djava.io.tmpdir=" + scratch),
            tmp,
            WAIT_SECONDS);
    processes.add(training);

    assertThat(training.awaitExit()).as(training.output()).isZero();
    assertThat(training.output())
        .contains("wal replay completed", "samples=1200000", "see you next time!")
        .contains("AOTCache creation is complete");
    assertThat(cache).isNotEmptyFile();
    assertThat(scratch.toFile().list()).as("the training's own directory is removed").isEmpty();

    // With AOTMode=on the JVM exits with an error instead of starting without the cache.
    ExternalProcess version =
        ExternalProcess.start(
            withJvmOptions(
                ExternalProcess.argusJar(jar, "--version"),
                "-XX:+UseCompactObjectHeaders",
                "-XX:AOTCache=" + cache,
                "-XX:AOTMode=on"),
            tmp,
            WAIT_SECONDS);
    processes.add(version);
    assertThat(version.awaitExit()).as(version.output()).isZero();
    assertThat(version.output()).startsWith("argus, version ");
  }

  /** {@code command} (from {@link ExternalProcess#argusJar}) with JVM options before -jar. */
  private static List<String> withJvmOptions(List<String> command, String... options) {
    List<String> result = new ArrayList<>(command);
    result.addAll(result.indexOf("-jar"), List.of(options));
    return result;
  }
}
