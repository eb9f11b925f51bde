package io.argus.alertmanager.dispatch;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.config.AlertmanagerConfig;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.alertmanager.config.NamedTimeInterval;
import io.argus.alertmanager.inhibit.InhibitRule;
import io.argus.alertmanager.inhibit.Inhibition;
import io.argus.alertmanager.nflog.NotificationLog;
import io.argus.alertmanager.notify.Integration;
import io.argus.alertmanager.notify.NotificationContext;
import io.argus.alertmanager.notify.NotificationPipeline;
import io.argus.alertmanager.notify.Notifier;
import io.argus.alertmanager.notify.NotifyException;
import io.argus.alertmanager.notify.NotifyMetrics;
import io.argus.alertmanager.notify.StoreInhibitor;
import io.argus.alertmanager.route.Route;
import io.argus.alertmanager.silence.Silencer;
import io.argus.alertmanager.silence.Silences;
import io.argus.model.labels.Labels;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dispatcher on a manual clock and scheduler with real store, silences, notification log and
 * pipeline; every receiver of the config gets one recording integration named "webhook".
 */
final class Harness implements AutoCloseable {
  static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();

  /** One recorded notification. */
  record Sent(long atMillis, String receiver, String groupKey, List<String> alerts) {}

  final ManualClock clock = new ManualClock(T0);
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final AlertMarker marker = new AlertMarker();
  final AlertStore store = new AlertStore(clock, marker, 0, null);
  final Silences silences = new Silences(clock, Duration.ofHours(120), null);
  final Silencer silencer = new Silencer(silences, marker, clock);
  final NotificationLog nflog = new NotificationLog(clock, Duration.ofHours(120), null);
  final NotifyMetrics metrics = new NotifyMetrics(new PrometheusRegistry());
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final NotificationPipeline pipeline;
  final Dispatcher dispatcher;
  final AlertmanagerConfig config;

  Harness(String yaml, boolean sendResolved) throws Exception {
    config = ConfigLoader.load(yaml, ZoneOffset.UTC);
    Map<String, List<Integration>> receivers = new HashMap<>();
    for (var r : config.receivers()) {
      Notifier recorder =
          new Notifier() {
            @Override
            public void send(NotificationContext ctx, List<Alert> alerts) throws NotifyException {
              List<String> desc = new ArrayList<>();
              for (Alert a : alerts) {
                desc.add(a.labels().getOrEmpty("instance") + ":" + a.status(ctx.now()));
              }
              sent.add(new Sent(clock.millis() - T0, ctx.receiver(), ctx.groupKey(), desc));
            }
          };
      receivers.put(
          r.name(), List.of(new Integration("webhook", 0, r.name(), recorder, sendResolved)));
    }
    Map<String, NamedTimeInterval> intervals = new HashMap<>();
    config.timeIntervals().forEach(t -> intervals.put(t.name(), t));
    pipeline =
        new NotificationPipeline(
            receivers,
            new StoreInhibitor(
                new Inhibition(config.inhibitRules().stream().map(InhibitRule::of).toList()),
                store,
                marker,
                clock),
            silencer,
            intervals,
            nflog,
            metrics,
            clock,
            clock::advanceMillis,
            () -> 0);
    dispatcher =
        new Dispatcher(Route.tree(config.route()), pipeline, store, clock, scheduler, () -> 0);
  }

  /** An alert received now, firing since {@code startsAgoMillis}, with an optional end. */
  Alert alert(Labels labels, long startsAgoMillis, Instant endsAt) {
    Instant now = Instant.ofEpochMilli(clock.millis());
    return new Alert(labels, Map.of(), now.minusMillis(startsAgoMillis), endsAt, "", now, false);
  }

  /** Stores and dispatches alerts as the dispatcher's reader would. */
  void post(Alert... alerts) throws InterruptedException {
    var stored = store.put(List.of(alerts));
    for (Alert a : stored.stored()) {
      dispatcher.process(a);
    }
  }

  /** The notification times, relative to T0, in seconds. */
  List<Long> sentSeconds() {
    return sent.stream().map(s -> s.atMillis() / 1000).toList();
  }

  @Override
  public void close() {
    dispatcher.stop();
    pipeline.close();
  }
}
