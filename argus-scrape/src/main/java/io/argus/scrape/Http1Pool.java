package io.argus.scrape;

import io.argus.util.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The open connections of an {@link Http1Client}, idle ones kept per URL authority ({@code
 * host:port}) for reuse. A scrape loop takes the connection it returned after its last scrape (last
 * in, first out), so that each target keeps one connection while its scrapes do not overlap. Idle
 * connections are closed after {@link #IDLE_TIMEOUT_NANOS} (as Prometheus' five minutes), beyond
 * {@link #MAX_IDLE_PER_AUTHORITY} per authority, and when the pool closes.
 *
 * <p>Thread-safe.
 */
final class Http1Pool implements AutoCloseable {
  static final long IDLE_TIMEOUT_NANOS = 5 * 60 * 1_000_000_000L;
  static final int MAX_IDLE_PER_AUTHORITY = 1_000;
  private static final long SWEEP_EVERY_NANOS = 30 * 1_000_000_000L;

  private final Clock timer;
  private final Map<String, ArrayDeque<Http1Connection>> idle = new HashMap<>();
  private final Set<Http1Connection> open = new HashSet<>();
  private long lastSweepNanos;
  private boolean closed;

  Http1Pool(Clock timer) {
    this.timer = timer;
    this.lastSweepNanos = timer.nanoTime();
  }

  /** Returns an idle connection to {@code authority} that may carry a request, or null. */
  @Nullable Http1Connection take(String authority) {
    while (true) {
      Http1Connection c;
      synchronized (this) {
        ArrayDeque<Http1Connection> q = idle.get(authority);
        c = q == null ? null : q.pollLast();
        if (q != null && q.isEmpty()) {
          idle.remove(authority);
        }
      }
      if (c == null) {
        return null;
      }
      if (timer.nanoTime() - c.idleSinceNanos < IDLE_TIMEOUT_NANOS && c.reusable()) {
        return c;
      }
      c.close();
    }
  }

  /** Keeps {@code c} for reuse, or closes it when the pool is closed or full for its authority. */
  void release(Http1Connection c) {
    long now = timer.nanoTime();
    c.idleSinceNanos = now;
    List<Http1Connection> expired = null;
    boolean keep;
    synchronized (this) {
      ArrayDeque<Http1Connection> q = idle.computeIfAbsent(c.authority, a -> new ArrayDeque<>(2));
      keep = !closed && !c.isClosed() && q.size() < MAX_IDLE_PER_AUTHORITY;
      if (keep) {
        q.addLast(c);
      } else if (q.isEmpty()) {
        idle.remove(c.authority);
      }
      if (now - lastSweepNanos >= SWEEP_EVERY_NANOS) {
        lastSweepNanos = now;
        expired = removeExpired(now);
      }
    }
    if (!keep) {
      c.close();
    }
    if (expired != null) {
      expired.forEach(Http1Connection::close);
    }
  }

  private List<Http1Connection> removeExpired(long now) {
    List<Http1Connection> out = new ArrayList<>();
    for (Iterator<ArrayDeque<Http1Connection>> it = idle.values().iterator(); it.hasNext(); ) {
      ArrayDeque<Http1Connection> q = it.next();
      // Oldest first: stop at the first one still fresh.
      while (!q.isEmpty() && now - q.peekFirst().idleSinceNanos >= IDLE_TIMEOUT_NANOS) {
        out.add(q.pollFirst());
      }
      if (q.isEmpty()) {
        it.remove();
      }
    }
    return out;
  }

  /** Registers a new connection; closes it at once when the pool is closed. */
  void opened(Http1Connection c) {
    boolean reject;
    synchronized (this) {
      reject = closed;
      if (!reject) {
        open.add(c);
      }
    }
    if (reject) {
      c.close();
    }
  }

  /** Forgets a closed connection. */
  synchronized void closed(Http1Connection c) {
    open.remove(c);
    ArrayDeque<Http1Connection> q = idle.get(c.authority);
    if (q != null) {
      q.remove(c);
      if (q.isEmpty()) {
        idle.remove(c.authority);
      }
    }
  }

  /** Returns how many connections are open, idle or in use (for tests). */
  synchronized int openConnections() {
    return open.size();
  }

  /** Closes every connection, idle or in use; connections returned later are closed. */
  @Override
  public void close() {
    List<Http1Connection> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(open);
      idle.clear();
    }
    all.forEach(Http1Connection::close);
  }
}
