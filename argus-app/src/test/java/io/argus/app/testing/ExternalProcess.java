package io.argus.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process started by a test, with its merged stdout/stderr collected line by line. Every wait is
 * bounded by {@code waitSeconds}; {@link #close()} kills the process and its descendants. Not
 * thread-safe apart from the output collection, which runs on its own virtual thread.
 */
public final class ExternalProcess implements AutoCloseable {
  private final Process process;
  private final long waitSeconds;
  private final List<String> lines = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private record Waiter(Predicate<String> match, CompletableFuture<String> found) {}

  private ExternalProcess(Process process, long waitSeconds) {
    this.process = process;
    this.waitSeconds = waitSeconds;
    Thread.ofVirtual().start(this::collect);
  }

  /** Starts {@code command} in {@code directory}. */
  public static ExternalProcess start(List<String> command, Path directory, long waitSeconds)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.directory(directory.toFile());
    return new ExternalProcess(builder.start(), waitSeconds);
  }

  /** The command line that runs the Argus fat jar {@code jar} with the test JVM's java. */
  public static List<String> argusJar(Path jar, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return command;
  }

  public Process process() {
    return process;
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
  public String awaitLine(Predicate<String> match) throws Exception {
    CompletableFuture<String> found = new CompletableFuture<>();
    synchronized (this) {
      lines.stream().filter(match).findFirst().ifPresent(found::complete);
      waiters.add(new Waiter(match, found));
    }
    CompletableFuture.anyOf(found, done).get(waitSeconds, TimeUnit.SECONDS);
    assertThat(found).as("expected line in output:%n%s", output()).isDone();
    return found.join();
  }

  /** Waits (bounded) for the process to exit and its output to be read; returns the exit code. */
  public int awaitExit() throws Exception {
    assertThat(process.waitFor(waitSeconds, TimeUnit.SECONDS)).as(output()).isTrue();
    done.get(waitSeconds, TimeUnit.SECONDS);
    return process.exitValue();
  }

  public synchronized String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly().waitFor(waitSeconds, TimeUnit.SECONDS);
  }
}
