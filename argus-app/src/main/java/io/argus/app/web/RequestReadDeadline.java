package io.argus.app.web;

import io.argus.util.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Upstream's {@code --web.read-timeout} for Jetty: closes a connection that has not delivered a
 * complete request header within the timeout of being opened or of its previous response ending.
 * Jetty's idle timeout alone restarts with every byte, so a client trickling header bytes (a
 * slowloris) would hold its connection forever; Go's {@code http.Server.ReadTimeout} is a deadline
 * instead, and so is this.
 *
 * <p>Listens to the connector's connections and wraps the handler tree to see when a request's
 * header is complete and when its response ends. A sweep every {@code min(timeout / 4, 1 s)}
 * closes the overdue ones, so a connection lives at most that much past its deadline. Thread-safe.
 */
final class RequestReadDeadline extends Handler.Wrapper implements Connection.Listener {
  private static final long IN_REQUEST = Long.MAX_VALUE;

  private final long timeoutNanos;
  private final Clock clock;
  private final Map<Connection, Deadline> connections = new ConcurrentHashMap<>();
  private volatile Scheduler.@org.jspecify.annotations.Nullable Task sweep;

  /** Per connection: the time its next header must be complete by, or {@link #IN_REQUEST}. */
  private static final class Deadline {
    volatile long nanos;

    Deadline(long nanos) {
      this.nanos = nanos;
    }
  }

  /**
   * @param timeoutMillis the deadline, in milliseconds; positive
   * @param clock the time source for the deadlines
   */
  RequestReadDeadline(Handler handler, long timeoutMillis, Clock clock) {
    super(handler);
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException("read timeout must be positive");
    }
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.clock = clock;
  }

  /** Starts the sweeps on {@code scheduler}; called once the server is started. */
  void startSweeping(Scheduler scheduler) {
    long period = Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4, 1000));
    schedule(scheduler, period);
  }

  private void schedule(Scheduler scheduler, long periodMillis) {
    sweep =
        scheduler.schedule(
            () -> {
              closeOverdue();
              if (isRunning()) {
                schedule(scheduler, periodMillis);
              }
            },
            periodMillis,
            TimeUnit.MILLISECONDS);
  }

  private void closeOverdue() {
    long now = clock.nanoTime();
    connections.forEach(
        (connection, deadline) -> {
          long d = deadline.nanos;
          if (d != IN_REQUEST && now - d >= 0) {
            connections.remove(connection);
            connection.close();
          }
        });
  }

  @Override
  protected void doStop() throws Exception {
    Scheduler.Task t = sweep;
    if (t != null) {
      t.cancel();
    }
    super.doStop();
  }

  @Override
  public void onOpened(Connection connection) {
    connections.put(connection, new Deadline(clock.nanoTime() + timeoutNanos));
  }

  @Override
  public void onClosed(Connection connection) {
    connections.remove(connection);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Deadline deadline = connections.get(request.getConnectionMetaData().getConnection());
    if (deadline == null) {
      return super.handle(request, response, callback);
    }
    deadline.nanos = IN_REQUEST;
    Callback restart =
        new Callback() {
          @Override
          public void succeeded() {
            deadline.nanos = clock.nanoTime() + timeoutNanos;
            callback.succeeded();
          }

          @Override
          public void failed(Throwable x) {
            deadline.nanos = clock.nanoTime() + timeoutNanos;
            callback.failed(x);
          }

          @Override
          public InvocationType getInvocationType() {
            return callback.getInvocationType();
          }
        };
    boolean handled;
    try {
      handled = super.handle(request, response, restart);
    } catch (Exception | Error e) {
      deadline.nanos = clock.nanoTime() + timeoutNanos;
      throw e;
    }
    if (!handled) {
      deadline.nanos = clock.nanoTime() + timeoutNanos;
    }
    return handled;
  }
}
