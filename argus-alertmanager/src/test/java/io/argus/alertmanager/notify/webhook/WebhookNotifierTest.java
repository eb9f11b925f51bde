package io.argus.alertmanager.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.alertmanager.notify.Integration;
import io.argus.alertmanager.notify.NotificationContext;
import io.argus.alertmanager.notify.NotificationTemplates;
import io.argus.alertmanager.notify.NotifyException;
import io.argus.alertmanager.notify.Receivers;
import io.argus.model.labels.Labels;
import io.argus.testkit.ManualClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  private static NotificationContext ctx() {
    return new NotificationContext(
        "hook",
        "{}:{}",
        Labels.EMPTY,
        NOW,
        3_600_000,
        NOW.toEpochMilli() + 10_000,
        List.of(),
        List.of());
  }

  @Test
  void send_statusDecidesRetryAndBasicAuthIsApplied() throws Exception {
    AtomicInteger status = new AtomicInteger(500);
    AtomicReference<String> auth = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          auth.set(ex.getRequestHeaders().getFirst("Authorization"));
          byte[] b = "nope".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status.get(), b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    try {
      String yaml =
          """
          route: {receiver: hook}
          receivers:
            - name: hook
              webhook_configs:
                - url: 'http://127.0.0.1:%d/x'
                  http_config: {basic_auth: {username: u, password: p}}
          """
              .formatted(server.getAddress().getPort());
      try (Receivers r =
          Receivers.build(
              ConfigLoader.load(yaml, ZoneOffset.UTC),
              NotificationTemplates.defaults(),
              new ManualClock(NOW.toEpochMilli()),
              "")) {
        Integration i = r.integrations().get("hook").getFirst();
        assertThat(i.sendResolved()).isTrue();
        List<Alert> alerts =
            List.of(
                new Alert(Labels.of("alertname", "A"), Map.of(), NOW, Alert.ZERO, "", NOW, false));
        assertThatThrownBy(() -> i.notifier().send(ctx(), alerts))
            .isInstanceOfSatisfying(
                NotifyException.class,
                e -> {
                  assertThat(e.retryable()).isTrue();
                  assertThat(e.reason()).isEqualTo(NotifyException.Reason.SERVER_ERROR);
                });
        assertThat(auth.get()).isEqualTo("Basic dTpw");
        status.set(400);
        assertThatThrownBy(() -> i.notifier().send(ctx(), alerts))
            .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isFalse())
            .hasMessageContaining("400");
        status.set(200);
        i.notifier().send(ctx(), alerts);
      }
    } finally {
      server.stop(0);
    }
  }
}
