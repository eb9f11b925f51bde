package io.argus.alertmanager.dispatch;

import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.config.AlertmanagerConfig;
import io.argus.alertmanager.config.NamedTimeInterval;
import io.argus.alertmanager.inhibit.InhibitRule;
import io.argus.alertmanager.inhibit.Inhibition;
import io.argus.alertmanager.nflog.NotificationLog;
import io.argus.alertmanager.notify.NotificationPipeline;
import io.argus.alertmanager.notify.NotificationTemplates;
import io.argus.alertmanager.notify.NotifyMetrics;
import io.argus.alertmanager.notify.PeerCoordination;
import io.argus.alertmanager.notify.Receivers;
import io.argus.alertmanager.notify.Sleeper;
import io.argus.alertmanager.notify.StoreInhibitor;
import io.argus.alertmanager.route.Route;
import io.argus.alertmanager.silence.Silencer;
import io.argus.template.Template;
import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The entry point the {@code argus alertmanager} server wires: owns the running {@link Dispatcher}
 * with its pipeline and receivers, and swaps all of them on each {@link #apply} (start and reload),
 * as upstream rebuilds them on reload.
 *
 * <p>Usage: {@code var svc = new NotificationService(store, marker, silencer, nflog, clock,
 * registry, externalUrl, () -> 0, Scheduler.system(), Sleeper.THREAD); svc.apply(config,
 * templateFiles);} then {@code svc.dispatcher()} for {@code /api/v2/alerts/groups}, and {@code
 * svc.close()} on shutdown. The {@link PeerCoordination} is the cluster hook.
 * Thread-safe.
 */
public final class NotificationService implements AutoCloseable {
  private final AlertStore store;
  private final AlertMarker marker;
  private final Silencer silencer;
  private final NotificationLog nflog;
  private final Clock clock;
  private final NotifyMetrics metrics;
  private final String externalUrl;
  private final PeerCoordination peers;
  private final Scheduler scheduler;
  private final Sleeper sleeper;
  private volatile @Nullable Running running;
  private boolean closed;

  private record Running(
      Dispatcher dispatcher, NotificationPipeline pipeline, Receivers receivers) {}

  /**
   * @param registry where the notification metrics and {@code
   *     alertmanager_dispatcher_aggregation_groups} are registered (once)
   * @param externalUrl the Alertmanager's external URL ({@code --web.external-url})
   * @param peers the cluster coordination (peer wait, settling, send claims); {@code () -> 0}
   *     without a cluster
   * @param scheduler runs group timers; {@link Scheduler#system()} in production; closed by {@link
   *     #close}
   */
  public NotificationService(
      AlertStore store,
      AlertMarker marker,
      Silencer silencer,
      NotificationLog nflog,
      Clock clock,
      PrometheusRegistry registry,
      String externalUrl,
      PeerCoordination peers,
      Scheduler scheduler,
      Sleeper sleeper) {
    this.store = store;
    this.marker = marker;
    this.silencer = silencer;
    this.nflog = nflog;
    this.clock = clock;
    this.metrics = new NotifyMetrics(registry);
    GaugeWithCallback.builder()
        .name("alertmanager_dispatcher_aggregation_groups")
        .help("Number of active aggregation groups")
        .callback(
            cb -> {
              Running r = running;
              cb.call(r == null ? 0 : r.dispatcher().groups().size());
            })
        .register(registry);
    this.externalUrl = externalUrl;
    this.peers = peers;
    this.scheduler = scheduler;
    this.sleeper = sleeper;
  }

  /**
   * Starts notifying with {@code config}, replacing the previous configuration's dispatcher: the
   * new one re-reads every stored alert and, through the notification log, does not repeat
   * notifications already sent.
   *
   * @param templateFiles the configuration's template files (name and text), in glob order
   * @throws IllegalArgumentException when a template file does not parse; the old configuration
   *     keeps running
   */
  public synchronized void apply(AlertmanagerConfig config, List<Template.Source> templateFiles) {
    if (closed) {
      throw new IllegalStateException("notification service closed");
    }
    NotificationTemplates templates = NotificationTemplates.withFiles(templateFiles);
    Receivers receivers = Receivers.build(config, templates, clock, externalUrl);
    Map<String, NamedTimeInterval> intervals = new HashMap<>();
    config.muteTimeIntervals().forEach(t -> intervals.put(t.name(), t));
    config.timeIntervals().forEach(t -> intervals.put(t.name(), t));
    Inhibition inhibition =
        new Inhibition(config.inhibitRules().stream().map(InhibitRule::of).toList());
    NotificationPipeline pipeline =
        new NotificationPipeline(
            receivers.integrations(),
            new StoreInhibitor(inhibition, store, marker, clock),
            silencer,
            intervals,
            nflog,
            metrics,
            clock,
            sleeper,
            peers);
    Dispatcher d =
        new Dispatcher(
            Route.tree(config.route()), pipeline, store, clock, scheduler, peers::peerWaitMillis);
    Running old = running;
    if (old != null) {
      stop(old);
    }
    d.start();
    running = new Running(d, pipeline, receivers);
  }

  private static void stop(Running r) {
    r.dispatcher().stop();
    r.pipeline().close();
    r.receivers().close();
  }

  /** The running dispatcher; throws before the first {@link #apply}. */
  public synchronized Dispatcher dispatcher() {
    if (running == null) {
      throw new IllegalStateException("no configuration applied");
    }
    return running.dispatcher();
  }

  public NotifyMetrics metrics() {
    return metrics;
  }

  /** Stops the dispatcher and the scheduler. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (running != null) {
      stop(running);
      running = null;
    }
    scheduler.close();
  }
}
