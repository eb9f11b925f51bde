package io.argus.alertmanager.notify.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.config.NotifierConfig;
import io.argus.alertmanager.notify.GoTimeJson;
import io.argus.alertmanager.notify.HttpClients;
import io.argus.alertmanager.notify.NotificationContext;
import io.argus.alertmanager.notify.NotificationData;
import io.argus.alertmanager.notify.Notifier;
import io.argus.alertmanager.notify.NotifyException;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Sends upstream's webhook message version "4": {@code receiver, status, alerts[], groupLabels,
 * commonLabels, commonAnnotations, externalURL, version, groupKey, truncatedAlerts}. With {@code
 * max_alerts} > 0 only the first that many alerts (in notification order) are listed and the rest
 * are counted in {@code truncatedAlerts}; as upstream, status and common labels then describe the
 * listed alerts only. Thread-safe.
 */
public final class WebhookNotifier implements Notifier {
  private static final JsonFactory JSON = new JsonFactory();

  private final NotifierConfig.Webhook config;
  private final ConfiguredHttpClient client;
  private final String externalUrl;

  /**
   * @param client applies the config's {@code http_config}; owned by the caller
   * @param externalUrl the Alertmanager's external URL
   */
  public WebhookNotifier(
      NotifierConfig.Webhook config, ConfiguredHttpClient client, String externalUrl) {
    this.config = config;
    this.client = client;
    this.externalUrl = externalUrl;
  }

  @Override
  public void send(NotificationContext ctx, List<Alert> alerts)
      throws NotifyException, InterruptedException {
    List<Alert> listed = alerts;
    int truncated = 0;
    if (config.maxAlerts() > 0 && alerts.size() > config.maxAlerts()) {
      listed = alerts.subList(0, (int) config.maxAlerts());
      truncated = alerts.size() - listed.size();
    }
    NotificationData data =
        NotificationData.of(ctx.receiver(), ctx.groupLabels(), listed, ctx.now(), externalUrl);
    byte[] body = message(data, ctx.groupKey(), truncated);
    HttpClients.post(client, config.url().url(), "application/json", body, Map.of());
  }

  /**
   * The JSON message for {@code data}, whose alerts are those listed after {@code max_alerts}
   * truncation (upstream derives status and common labels from the listed alerts only).
   *
   * @param truncated how many alerts {@code max_alerts} left out
   */
  public static byte[] message(NotificationData data, String groupKey, int truncated) {
    List<NotificationData.AlertData> alerts = data.alerts();
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 + 512 * alerts.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("receiver", data.receiver());
      g.writeStringField("status", data.status());
      g.writeArrayFieldStart("alerts");
      for (NotificationData.AlertData a : alerts) {
        g.writeStartObject();
        g.writeStringField("status", a.status());
        writeMap(g, "labels", a.labels());
        writeMap(g, "annotations", a.annotations());
        g.writeStringField("startsAt", GoTimeJson.format(a.startsAt()));
        g.writeStringField("endsAt", GoTimeJson.format(a.endsAt()));
        g.writeStringField("generatorURL", a.generatorUrl());
        g.writeStringField("fingerprint", a.fingerprint());
        g.writeEndObject();
      }
      g.writeEndArray();
      writeMap(g, "groupLabels", data.groupLabels());
      writeMap(g, "commonLabels", data.commonLabels());
      writeMap(g, "commonAnnotations", data.commonAnnotations());
      g.writeStringField("externalURL", data.externalUrl());
      g.writeStringField("version", "4");
      g.writeStringField("groupKey", groupKey);
      g.writeNumberField("truncatedAlerts", truncated);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void writeMap(JsonGenerator g, String name, SortedMap<String, String> m)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, String> e : m.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
