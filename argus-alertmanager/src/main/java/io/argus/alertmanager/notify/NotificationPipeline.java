package io.argus.alertmanager.notify;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.config.NamedTimeInterval;
import io.argus.alertmanager.nflog.AlertHash;
import io.argus.alertmanager.nflog.NflogEntry;
import io.argus.alertmanager.nflog.NotificationLog;
import io.argus.alertmanager.silence.Silencer;
import io.argus.util.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages one flush of an aggregation group runs through, in upstream's order: inhibition,
 * active time intervals, mute time intervals and silences filter the alerts for the whole receiver;
 * then, for each integration of the receiver in parallel, the cluster wait, the deduplication
 * against the notification log, sending with retries until the flush deadline and logging the
 * notification.
 *
 * <p>Deduplication sends only when the group's firing alerts are not all among those last notified,
 * when every alert resolved since a notification that had firing alerts, when {@code send_resolved}
 * is set and resolved alerts are new, or when the last notification is older than {@code
 * repeat_interval}. Retries back off exponentially (0.5s growing ×1.5 up to 60s, ±50% jitter) and
 * stop at the context's deadline or at a final error; an attempt still running at the deadline (a
 * receiver that hangs) is interrupted and fails with {@code context deadline exceeded}.
 *
 * <p>Thread-safe; one pipeline serves every group. Rebuild it on reload (the metrics are shared).
 */
public final class NotificationPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotificationPipeline.class);

  /** Upstream's backoff: initial interval, multiplier, maximum, randomization. */
  static final long INITIAL_BACKOFF_MILLIS = 500;

  static final double BACKOFF_MULTIPLIER = 1.5;
  static final long MAX_BACKOFF_MILLIS = 60_000;
  static final double BACKOFF_JITTER = 0.5;

  /** How long a claim on a send outlives the flush deadline: the receivers' request timeout. */
  static final long CLAIM_SLACK_MILLIS = HttpClients.REQUEST_TIMEOUT.toMillis();

  private final Map<String, List<Integration>> receivers;
  private final StoreInhibitor inhibitor;
  private final Silencer silencer;
  private final Map<String, NamedTimeInterval> timeIntervals;
  private final NotificationLog nflog;
  private final NotifyMetrics metrics;
  private final Clock clock;
  private final Sleeper sleeper;
  private final PeerCoordination peers;
  private final ZoneId defaultZone;
  private final ExecutorService fanout = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param receivers each receiver's integrations by receiver name
   * @param timeIntervals the named time intervals of the configuration
   * @param peers the cluster: how long to wait before deduplication (this peer's position times
   *     the peer timeout, 0 alone), gossip settling and claims on sends in progress
   */
  public NotificationPipeline(
      Map<String, List<Integration>> receivers,
      StoreInhibitor inhibitor,
      Silencer silencer,
      Map<String, NamedTimeInterval> timeIntervals,
      NotificationLog nflog,
      NotifyMetrics metrics,
      Clock clock,
      Sleeper sleeper,
      PeerCoordination peers) {
    this.receivers = Map.copyOf(receivers);
    this.inhibitor = inhibitor;
    this.silencer = silencer;
    this.timeIntervals = Map.copyOf(timeIntervals);
    this.nflog = nflog;
    this.metrics = metrics;
    this.clock = clock;
    this.sleeper = sleeper;
    this.peers = peers;
    this.defaultZone = ZoneOffset.UTC;
  }

  /** The integrations of a receiver; empty for an unknown one. */
  public List<Integration> integrations(String receiver) {
    return receivers.getOrDefault(receiver, List.of());
  }

  /** The receivers' names. */
  public Set<String> receiverNames() {
    return receivers.keySet();
  }

  /**
   * Runs one flush. Returns true when every integration succeeded or had nothing to send (then the
   * dispatcher may drop the group's resolved alerts), false when one failed.
   *
   * @param alerts the group's alerts, firing ones with a zero {@code endsAt}
   */
  public boolean notify(NotificationContext ctx, List<Alert> alerts) throws InterruptedException {
    peers.awaitSettled();
    List<Alert> kept = new ArrayList<>(alerts.size());
    for (Alert a : alerts) {
      if (!inhibitor.mutes(a.labels())) {
        kept.add(a);
      }
    }
    if (!ctx.activeTimeIntervals().isEmpty() && !inAny(ctx.activeTimeIntervals(), ctx.now())) {
      log.atDebug().addKeyValue("aggrGroup", ctx.groupKey()).log("notifications not active");
      return true;
    }
    if (inAny(ctx.muteTimeIntervals(), ctx.now())) {
      log.atDebug().addKeyValue("aggrGroup", ctx.groupKey()).log("notifications muted");
      return true;
    }
    List<Alert> unsilenced = new ArrayList<>(kept.size());
    for (Alert a : kept) {
      if (!silencer.mutes(a.labels())) {
        unsilenced.add(a);
      }
    }
    if (unsilenced.isEmpty()) {
      return true;
    }
    List<Integration> integrations = integrations(ctx.receiver());
    if (integrations.size() == 1) {
      return runIntegration(integrations.getFirst(), ctx, unsilenced);
    }
    List<Future<Boolean>> results = new ArrayList<>(integrations.size());
    for (Integration i : integrations) {
      results.add(fanout.submit(() -> runIntegration(i, ctx, unsilenced)));
    }
    boolean ok = true;
    try {
      for (Future<Boolean> f : results) {
        ok &= f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("integration failed unexpectedly", e.getCause());
    } catch (InterruptedException e) {
      results.forEach(f -> f.cancel(true));
      throw e;
    }
    return ok;
  }

  private boolean inAny(List<String> names, Instant now) {
    for (String n : names) {
      NamedTimeInterval ti = timeIntervals.get(n);
      if (ti != null && ti.contains(now, defaultZone)) {
        return true;
      }
    }
    return false;
  }

  /** Wait, dedup, retry and log for one integration; false when the notification failed. */
  boolean runIntegration(Integration integration, NotificationContext ctx, List<Alert> alerts)
      throws InterruptedException {
    long wait = peers.peerWaitMillis();
    if (wait > 0) {
      sleeper.sleep(wait);
    }
    Set<Long> firing = new HashSet<>();
    Set<Long> resolved = new HashSet<>();
    for (Alert a : alerts) {
      (a.resolvedAt(ctx.now()) ? resolved : firing).add(AlertHash.of(a.labels()));
    }
    while (true) {
      Optional<NflogEntry> entry;
      try {
        entry = nflog.query(ctx.groupKey(), integration.key());
      } catch (IllegalArgumentException e) {
        log.atError()
            .addKeyValue("aggrGroup", ctx.groupKey())
            .addKeyValue("err", e.getMessage())
            .log("notification log query failed");
        return false;
      }
      if (!needsUpdate(entry.orElse(null), firing, resolved, integration.sendResolved(), ctx)) {
        return true;
      }
      PeerCoordination.OtherSender other =
          peers.awaitOtherSender(ctx.groupKey(), integration.key(), ctx.deadlineMillis());
      if (other == PeerCoordination.OtherSender.NONE) {
        break;
      }
      if (other == PeerCoordination.OtherSender.STILL_SENDING) {
        // the next flush queries the log again, so a send that never completes is retried
        log.atWarn()
            .addKeyValue("integration", integration)
            .addKeyValue("aggrGroup", ctx.groupKey())
            .log("another peer is still sending at the deadline; trying again at the next flush");
        return false;
      }
    }
    List<Alert> sent = alerts;
    if (!integration.sendResolved()) {
      if (firing.isEmpty()) {
        return logNotification(integration, ctx, firing, resolved);
      }
      sent = new ArrayList<>(firing.size());
      for (Alert a : alerts) {
        if (!a.resolvedAt(ctx.now())) {
          sent.add(a);
        }
      }
    }
    // the claim outlives the deadline by the longest a request can take, as a send in flight is
    // not cut at the deadline; a holder that crashes stops counting when it leaves the cluster
    long claimExpiry = Math.max(ctx.deadlineMillis(), clock.millis()) + CLAIM_SLACK_MILLIS;
    try (PeerCoordination.SendClaim claim =
        peers.claimSend(ctx.groupKey(), integration.key(), claimExpiry)) {
      if (!sendWithRetries(integration, ctx, sent)) {
        return false;
      }
      return logNotification(integration, ctx, firing, resolved);
    }
  }

  private boolean logNotification(
      Integration integration, NotificationContext ctx, Set<Long> firing, Set<Long> resolved) {
    nflog.log(
        integration.key(),
        ctx.groupKey(),
        toArray(firing),
        toArray(resolved),
        Duration.ofMillis(2 * ctx.repeatIntervalMillis()));
    return true;
  }

  private static long[] toArray(Set<Long> s) {
    long[] out = new long[s.size()];
    int i = 0;
    for (long v : s) {
      out[i++] = v;
    }
    return out;
  }

  /** Upstream's deduplication rule (see the class comment). */
  static boolean needsUpdate(
      @Nullable NflogEntry entry,
      Set<Long> firing,
      Set<Long> resolved,
      boolean sendResolved,
      NotificationContext ctx) {
    if (entry == null) {
      return !firing.isEmpty();
    }
    if (!entry.isFiringSubset(firing)) {
      return true;
    }
    if (firing.isEmpty()) {
      return entry.firingAlerts().length > 0;
    }
    if (sendResolved && !entry.isResolvedSubset(resolved)) {
      return true;
    }
    return entry.timestamp().isBefore(ctx.now().minusMillis(ctx.repeatIntervalMillis()));
  }

  private boolean sendWithRetries(
      Integration integration, NotificationContext ctx, List<Alert> alerts)
      throws InterruptedException {
    String name = integration.name();
    metrics.notifications.labelValues(name).inc();
    long backoff = INITIAL_BACKOFF_MILLIS;
    @Nullable String lastError = null;
    int attempt = 0;
    while (true) {
      attempt++;
      long start = clock.nanoTime();
      metrics.requests.labelValues(name).inc();
      NotifyException failure;
      try {
        sendBeforeDeadline(integration, ctx, alerts);
        metrics.latency.labelValues(name).observe((clock.nanoTime() - start) / 1e9);
        return true;
      } catch (NotifyException e) {
        metrics.latency.labelValues(name).observe((clock.nanoTime() - start) / 1e9);
        metrics.requestsFailed.labelValues(name).inc();
        failure = e;
      }
      if (!failure.retryable()) {
        fail(integration, ctx, failure.reason(), attempt, failure.getMessage(), false);
        return false;
      }
      if (!failure.getMessage().equals(lastError)) {
        log.atWarn()
            .addKeyValue("integration", integration)
            .addKeyValue("aggrGroup", ctx.groupKey())
            .addKeyValue("attempt", attempt)
            .addKeyValue("err", failure.getMessage())
            .log("notify attempt failed, will retry later");
      }
      lastError = failure.getMessage();
      long delay = jitter(backoff);
      if (clock.millis() + delay > ctx.deadlineMillis()) {
        fail(integration, ctx, failure.reason(), attempt, failure.getMessage(), true);
        return false;
      }
      sleeper.sleep(delay);
      backoff = Math.min(MAX_BACKOFF_MILLIS, (long) (backoff * BACKOFF_MULTIPLIER));
    }
  }

  /**
   * One attempt, given up at the flush deadline as upstream's context cancels the request: the
   * notifier runs on its own virtual thread, which is interrupted when the deadline passes.
   */
  private void sendBeforeDeadline(
      Integration integration, NotificationContext ctx, List<Alert> alerts)
      throws NotifyException, InterruptedException {
    long remaining = ctx.deadlineMillis() - clock.millis();
    if (remaining <= 0) {
      throw new NotifyException(
          "context deadline exceeded", false, NotifyException.Reason.CANCELED);
    }
    Future<?> attempt =
        fanout.submit(
            () -> {
              integration.notifier().send(ctx, alerts);
              return null;
            });
    try {
      attempt.get(remaining, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      attempt.cancel(true);
      throw new NotifyException(
          "context deadline exceeded", false, NotifyException.Reason.CANCELED);
    } catch (InterruptedException e) {
      attempt.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case NotifyException n -> throw n;
        case InterruptedException i -> throw i;
        case RuntimeException r -> throw r;
        case Error err -> throw err;
        default -> throw new IllegalStateException("notifier failed unexpectedly", e.getCause());
      }
    }
  }

  private static long jitter(long interval) {
    double delta = BACKOFF_JITTER * interval;
    return (long) (interval - delta + ThreadLocalRandom.current().nextDouble() * 2 * delta);
  }

  private void fail(
      Integration integration,
      NotificationContext ctx,
      NotifyException.Reason reason,
      int attempts,
      String err,
      boolean deadline) {
    metrics
        .notificationsFailed
        .labelValues(
            integration.name(), deadline ? NotifyException.Reason.CANCELED.label() : reason.label())
        .inc();
    log.atError()
        .addKeyValue("integration", integration)
        .addKeyValue("aggrGroup", ctx.groupKey())
        .addKeyValue("attempts", attempts)
        .addKeyValue("err", err)
        .log(
            deadline
                ? "notify retry canceled after the group deadline"
                : "notify retry canceled due to unrecoverable error");
  }

  @Override
  public void close() {
    fanout.shutdownNow();
  }
}
