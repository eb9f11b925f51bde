package io.argus.app.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A reference binary a test runs beside Argus (Debian's {@code prometheus}, {@code
 * victoria-metrics}, …), its output appended to a log file. {@link #stop} ends it the way an
 * operator would: SIGTERM, then SIGKILL after 30 s. Not thread-safe; one test owns it.
 */
public final class PeerProcess implements AutoCloseable {
  private static final long STOP_SECONDS = 30;

  private @Nullable Process process;

  private PeerProcess(Process process) {
    this.process = process;
  }

  /** Starts {@code command} with stdout and stderr appended to {@code log}. */
  public static PeerProcess start(Path log, List<String> command) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    p.getOutputStream().close();
    return new PeerProcess(p);
  }

  /** Stops the process if it still runs: SIGTERM, and SIGKILL when it outlives 30 s. */
  public void stop() throws InterruptedException {
    Process p = process;
    if (p == null) {
      return;
    }
    process = null;
    p.destroy();
    if (!p.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
