package io.argus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.app.server.StorageOptions;
import io.argus.app.server.TsdbServerStorage;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real fat jar ({@code argus-app/target/argus.jar}, built in {@code package}) as
 * processes. Every wait is bounded; every process is killed at the end.
 */
class ArgusJarIT {
  private static final long WAIT_SECONDS = 60;

  @TempDir Path tmp;

  private Path jar;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void findJar() {
    String property = System.getProperty("argus.jar", "target/argus.jar");
    jar = Path.of(property);
    assumeTrue(Files.isRegularFile(jar), "argus.jar not built at " + jar + "; run mvn verify");
  }

  @AfterEach
  void killProcesses() throws InterruptedException {
    for (Process process : processes) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** A started process with its merged output collected line by line. */
  private final class Run {
    final Process process;
    final List<String> lines = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    private record Waiter(Predicate<String> match, CompletableFuture<String> found) {}

    Run(String... args) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("-jar");
      command.add(jar.toString());
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.directory(tmp.toFile());
      process = builder.start();
      processes.add(process);
      Thread.ofVirtual().start(this::collect);
    }

    private void collect() {
      try (BufferedReader reader = process.inputReader(StandardCharsets.UTF_8)) {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (this) {
            lines.add(line);
            for (Waiter w : waiters) {
              if (w.match().test(line)) {
                w.found().complete(line);
              }
            }
          }
        }
      } catch (IOException e) {
        // The process was killed; what was read is kept.
      } finally {
        done.complete(null);
      }
    }

    /** Waits (bounded) for a line matching {@code match} and returns it. */
    String awaitLine(Predicate<String> match) throws Exception {
      CompletableFuture<String> found = new CompletableFuture<>();
      synchronized (this) {
        lines.stream().filter(match).findFirst().ifPresent(found::complete);
        waiters.add(new Waiter(match, found));
      }
      CompletableFuture.anyOf(found, done).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(found).as("expected line in output:%n%s", output()).isDone();
      return found.join();
    }

    int awaitExit() throws Exception {
      assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as(output()).isTrue();
      done.get(WAIT_SECONDS, TimeUnit.SECONDS);
      return process.exitValue();
    }

    synchronized String output() {
      return String.join("\n", lines);
    }
  }

  @Test
  void version_printsRevisionFromTheBuild() throws Exception {
    Run run = new Run("--version");

    assertThat(run.awaitExit()).isZero();
    assertThat(run.output())
        .matches(
            "(?s)argus, version \\S+ \\(branch: \\S+, revision: (?:[0-9a-f]{40}|unknown)\\)\n.*")
        .contains("build date:", "java:             25");
  }

  @Test
  void up_runsHaPairAndDemoUntilSigterm() throws Exception {
    int port = freePort();
    Path data = tmp.resolve("data");
    Run up = new Run("up", "--data.dir=" + data, "--port.base=" + port);

    up.awaitLine(l -> l.startsWith("server-0 | ") && l.contains("server is ready"));
    up.awaitLine(l -> l.startsWith("server-1 | ") && l.contains("server is ready"));
    up.awaitLine(l -> l.startsWith("demo     | ") && l.contains("argus demo: 3 target(s)"));
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
    }
    Path serverData = data.resolve("server-0");
    assertThat(serverData.resolve(TsdbServerStorage.LOCK_FILE)).exists();

    Run second =
        new Run("server", "--storage.tsdb.path=" + serverData, "--web.listen-address=127.0.0.1:0");
    assertThat(second.awaitExit()).isEqualTo(1);
    assertThat(second.output())
        .contains(
            "level=error msg=\"opening storage failed\""
                + " err=\"lock DB directory: resource temporarily unavailable\"");

    // Via the handle, so that the pipe stays open and the last lines can be read.
    up.process.toHandle().destroy();

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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
