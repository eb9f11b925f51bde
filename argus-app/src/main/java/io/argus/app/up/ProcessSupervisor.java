package io.argus.app.up;

import io.argus.util.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs components as child processes: forwards each child's output line by line, prefixed with
 * its name ({@code server-0 | …}), reports a child that exits, and stops them all with SIGTERM,
 * then SIGKILL for any still running after the grace period. Children are not restarted. A JVM
 * shutdown hook kills children that are still running if the launcher dies without stopping
 * them. Methods are called from one thread; exit reports arrive on others.
 */
public final class ProcessSupervisor implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(ProcessSupervisor.class);

  private final JavaLauncher launcher;
  private final PrintWriter out;
  private final Clock clock;
  private final List<Child> children = new ArrayList<>();
  private final Thread killOnExit = Thread.ofPlatform().unstarted(this::killAll);
  private volatile boolean stopping;

  private record Child(
      Component component, Process process, Thread forwarder, CompletableFuture<Void> reported) {}

  /**
   * @param out where children's output goes, one prefixed line at a time
   * @param clock measures the grace period
   */
  public ProcessSupervisor(JavaLauncher launcher, PrintWriter out, Clock clock) {
    this.launcher = launcher;
    this.out = out;
    this.clock = clock;
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts every component in order, each with {@code commonArguments} (such as the log flags)
   * after its own arguments.
   *
   * @throws IOException if a process cannot be started; those already started keep running
   *     until {@link #stop} or {@link #close}
   */
  public void start(List<Component> components, List<String> commonArguments) throws IOException {
    int width = components.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    for (Component component : components) {
      List<String> arguments = new ArrayList<>(component.arguments());
      arguments.addAll(commonArguments);
      ProcessBuilder builder = new ProcessBuilder(launcher.command(arguments));
      builder.redirectErrorStream(true);
      builder.redirectInput(ProcessBuilder.Redirect.PIPE);
      Process process = builder.start();
      process.getOutputStream().close();
      String prefix = String.format("%-" + width + "s | ", component.name());
      Thread forwarder =
          Thread.ofVirtual()
              .name("forward-" + component.name())
              .start(() -> forward(process, prefix));
      CompletableFuture<Void> reported = process.onExit().thenAccept(p -> reportExit(component, p));
      children.add(new Child(component, process, forwarder, reported));
      logger
          .atInfo()
          .addKeyValue("component", component.name())
          .addKeyValue("pid", process.pid())
          .log("started component");
    }
  }

  /** Completes when every started child has exited. */
  public CompletableFuture<Void> allExited() {
    return CompletableFuture.allOf(
        children.stream().map(c -> c.process().onExit()).toArray(CompletableFuture[]::new));
  }

  /**
   * Sends SIGTERM to every running child, waits up to {@code grace} in total, then kills what is
   * left, and waits until their output has been forwarded.
   */
  public void stop(Duration grace) {
    stopping = true;
    // Through the handle: Process.destroy() would also close the pipes and lose the children's
    // last lines.
    for (Child child : children) {
      child.process().toHandle().destroy();
    }
    long deadline = clock.nanoTime() + grace.toNanos();
    for (Child child : children) {
      long left = Math.max(0, deadline - clock.nanoTime());
      try {
        if (!child.process().waitFor(left, TimeUnit.NANOSECONDS)) {
          logger
              .atWarn()
              .addKeyValue("component", child.component().name())
              .addKeyValue("grace", grace)
              .log("component did not stop in time, killing it");
          child.process().toHandle().destroyForcibly();
          child.process().waitFor();
        }
        child.forwarder().join();
        child.reported().join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        killAll();
        return;
      }
    }
  }

  /** Kills children that are still running; idempotent. */
  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or about to.
    }
  }

  private void killAll() {
    stopping = true;
    for (Child child : children) {
      child.process().destroyForcibly();
    }
  }

  private void forward(Process process, String prefix) {
    try (BufferedReader reader = process.inputReader(StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        out.println(prefix + line);
        out.flush();
      }
    } catch (IOException e) {
      logger.atDebug().setCause(e).log("forwarding output stopped");
    }
  }

  private void reportExit(Component component, Process process) {
    if (stopping) {
      logger
          .atInfo()
          .addKeyValue("component", component.name())
          .addKeyValue("status", process.exitValue())
          .log("component stopped");
    } else {
      logger
          .atError()
          .addKeyValue("component", component.name())
          .addKeyValue("status", process.exitValue())
          .log("component exited");
    }
  }
}
