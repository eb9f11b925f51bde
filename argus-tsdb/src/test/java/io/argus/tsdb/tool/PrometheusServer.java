package io.argus.tsdb.tool;

import io.argus.testkit.LoopbackPorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}) on 127.0.0.1 that scrapes itself
 * every 100 ms and cuts tiny blocks (hidden {@code --storage.tsdb.min/max-block-duration} flags),
 * so that its data directory soon holds blocks, WAL segments and a WAL checkpoint. Progress is
 * observed through its log lines, not by polling. Test helper; not thread-safe.
 */
final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final AtomicInteger blocksWritten = new AtomicInteger();
  private final CompletableFuture<Void> checkpointed = new CompletableFuture<>();
  private final CompletableFuture<Void> exited;
  private final StringBuilder log = new StringBuilder();

  private PrometheusServer(Process process) {
    this.process = process;
    this.exited = process.onExit().thenApply(p -> null);
    Thread.startVirtualThread(this::followLog);
  }

  /** Starts Prometheus storing into {@code dataDir} with {@code blockDuration} (e.g. "3s"). */
  static PrometheusServer start(Path workDir, Path dataDir, String blockDuration)
      throws IOException {
    int port = LoopbackPorts.freePort();
    Path config = workDir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 100ms
          scrape_timeout: 90ms
        scrape_configs:
          - job_name: self
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(port));
    List<String> command =
        List.of(
            ExternalProcess.PROMETHEUS.toString(),
            "--config.file=" + config,
            "--web.listen-address=127.0.0.1:" + port,
            "--storage.tsdb.path=" + dataDir,
            "--storage.tsdb.min-block-duration=" + blockDuration,
            "--storage.tsdb.max-block-duration=" + blockDuration,
            "--log.level=info");
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    process.getOutputStream().close();
    return new PrometheusServer(process);
  }

  /**
   * Waits (at most {@code timeoutSeconds}) until Prometheus has logged a completed WAL checkpoint
   * and at least {@code minBlocks} written blocks.
   *
   * @return false on timeout or early exit
   */
  boolean awaitCheckpointAndBlocks(int minBlocks, long timeoutSeconds) {
    try {
      CompletableFuture.anyOf(checkpointed, exited).get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    return checkpointed.isDone() && blocksWritten.get() >= minBlocks;
  }

  /** Sends SIGTERM and waits for a clean exit (at most 30 s). */
  int stop() {
    // Process.destroy() would also close our end of its stderr, so its shutdown logging would
    // die of SIGPIPE; the handle only signals.
    process.toHandle().destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.exitValue();
  }

  /** Returns what Prometheus logged so far (for failure messages). */
  synchronized String log() {
    return log.toString();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }

  private void followLog() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (this) {
          log.append(line).append('\n');
        }
        if (line.contains("msg=\"write block\"")) {
          blocksWritten.incrementAndGet();
        }
        if (line.contains("msg=\"WAL checkpoint complete\"")) {
          checkpointed.complete(null);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
