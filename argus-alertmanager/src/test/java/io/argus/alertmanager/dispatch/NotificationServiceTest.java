package io.argus.alertmanager.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.alertmanager.nflog.NotificationLog;
import io.argus.alertmanager.silence.Silencer;
import io.argus.alertmanager.silence.Silences;
import io.argus.model.labels.Labels;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NotificationServiceTest {
  @Test
  void apply_reloadReplacesTheDispatcherWithoutRepeatingNotifications() throws Exception {
    List<String> paths = new CopyOnWriteArrayList<>();
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          paths.add(ex.getRequestURI().getPath());
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    sink.start();
    ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z").toEpochMilli());
    ManualScheduler scheduler = new ManualScheduler(clock);
    AlertMarker marker = new AlertMarker();
    AlertStore store = new AlertStore(clock, marker, 0, null);
    PrometheusRegistry registry = new PrometheusRegistry();
    String yaml =
        """
        route: {receiver: r, group_wait: 1s, group_by: [alertname]}
        receivers:
          - name: r
            webhook_configs: [{url: 'http://127.0.0.1:%d/%s'}]
        """;
    int port = sink.getAddress().getPort();
    try (NotificationService svc =
        new NotificationService(
            store,
            marker,
            new Silencer(new Silences(clock, Duration.ofHours(1), null), marker, clock),
            new NotificationLog(clock, Duration.ofHours(120), null),
            clock,
            registry,
            "",
            () -> 0,
            scheduler,
            clock::advanceMillis)) {
      svc.apply(ConfigLoader.load(yaml.formatted(port, "first"), ZoneOffset.UTC), List.of());
      Instant now = Instant.ofEpochMilli(clock.millis());
      store.put(
          List.of(
              new Alert(Labels.of("alertname", "A"), Map.of(), now, Alert.ZERO, "", now, false)));
      awaitGroups(svc);
      scheduler.advance(1_000);
      assertThat(paths).containsExactly("/first");
      assertThat(groupsGauge(registry)).isEqualTo(1);

      Dispatcher first = svc.dispatcher();
      svc.apply(ConfigLoader.load(yaml.formatted(port, "first"), ZoneOffset.UTC), List.of());
      assertThat(svc.dispatcher()).isNotSameAs(first);
      assertThat(first.groups()).isEmpty();
      awaitGroups(svc);
      scheduler.advance(1_000);
      // same group key and integration: the notification log suppresses a repeat.
      assertThat(paths).containsExactly("/first");

      svc.apply(ConfigLoader.load(yaml.formatted(port, "second"), ZoneOffset.UTC), List.of());
      awaitGroups(svc);
      scheduler.advance(1_000);
      assertThat(paths).containsExactly("/first");
    } finally {
      sink.stop(0);
    }
  }

  private static double groupsGauge(PrometheusRegistry registry) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getName().equals("alertmanager_dispatcher_aggregation_groups"))
        .map(s -> ((GaugeSnapshot) s).getDataPoints().getFirst().getValue())
        .findFirst()
        .orElseThrow();
  }

  private static void awaitGroups(NotificationService svc) throws InterruptedException {
    for (int i = 0; i < 500 && svc.dispatcher().groups().isEmpty(); i++) {
      Thread.sleep(10);
    }
  }
}
