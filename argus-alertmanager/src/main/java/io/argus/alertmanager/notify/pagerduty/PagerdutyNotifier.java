package io.argus.alertmanager.notify.pagerduty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.config.NotifierConfig;
import io.argus.alertmanager.notify.HttpClients;
import io.argus.alertmanager.notify.NotificationContext;
import io.argus.alertmanager.notify.NotificationData;
import io.argus.alertmanager.notify.NotificationTemplates;
import io.argus.alertmanager.notify.Notifier;
import io.argus.alertmanager.notify.NotifyException;
import io.argus.alertmanager.notify.TemplateExpander;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends PagerDuty Events API v2 events: {@code trigger} while any alert of the group fires, else
 * {@code resolve}, with {@code dedup_key} the SHA-256 (hex) of the group key so PagerDuty folds
 * every notification of a group into one incident. The summary is cut to 1024 characters, the
 * severity defaults to {@code error}. HTTP 429 and 5xx are retried. Only {@code routing_key}
 * (Events v2) is implemented; a {@code service_key} (Events v1) config fails with a clear error.
 * Thread-safe.
 */
public final class PagerdutyNotifier implements Notifier {
  static final int MAX_SUMMARY_CHARS = 1024;
  private static final JsonFactory JSON = new JsonFactory();

  private final NotifierConfig.Pagerduty config;
  private final ConfiguredHttpClient client;
  private final NotificationTemplates templates;
  private final String externalUrl;

  public PagerdutyNotifier(
      NotifierConfig.Pagerduty config,
      ConfiguredHttpClient client,
      NotificationTemplates templates,
      String externalUrl) {
    this.config = config;
    this.client = client;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  @Override
  public void send(NotificationContext ctx, List<Alert> alerts)
      throws NotifyException, InterruptedException {
    if (config.routingKey().isEmpty() && config.routingKeyFile().isEmpty()) {
      throw new NotifyException(
          "pagerduty service_key (Events API v1) is not implemented by argus; use routing_key",
          false,
          NotifyException.Reason.OTHER);
    }
    NotificationData data =
        NotificationData.of(ctx.receiver(), ctx.groupLabels(), alerts, ctx.now(), externalUrl);
    TemplateExpander t = new TemplateExpander(templates, data);
    byte[] body = event(config, routingKey(), ctx.groupKey(), data, t);
    t.check();
    try {
      HttpClients.post(client, config.url().url(), "application/json", body, Map.of());
    } catch (NotifyException e) {
      if (e.getMessage().startsWith("unexpected status code 429")) {
        throw new NotifyException(e.getMessage(), true, NotifyException.Reason.CLIENT_ERROR, e);
      }
      throw e;
    }
  }

  private String routingKey() throws NotifyException {
    if (!config.routingKey().isEmpty()) {
      return config.routingKey().value();
    }
    try {
      return Files.readString(Path.of(config.routingKeyFile()), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new NotifyException(
          "read routing_key_file: " + e.getMessage(), false, NotifyException.Reason.OTHER, e);
    }
  }

  /** SHA-256 of the group key in hex, upstream's {@code Key.Hash}. */
  public static String dedupKey(String groupKey) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(groupKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] event(
      NotifierConfig.Pagerduty c,
      String routingKey,
      String groupKey,
      NotificationData data,
      TemplateExpander t) {
    String summary = t.expand(c.description());
    if (summary.length() > MAX_SUMMARY_CHARS) {
      summary = summary.substring(0, MAX_SUMMARY_CHARS - 1) + "…";
    }
    String severity = t.expand(c.severity());
    Map<String, String> details = new TreeMap<>();
    c.details().forEach((k, v) -> details.put(k, t.expand(v)));
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("routing_key", routingKey);
      g.writeStringField("dedup_key", dedupKey(groupKey));
      g.writeStringField("event_action", data.status().equals("firing") ? "trigger" : "resolve");
      g.writeObjectFieldStart("payload");
      g.writeStringField("summary", summary);
      g.writeStringField("source", t.expand(c.source()));
      g.writeStringField("severity", severity.isEmpty() ? "error" : severity);
      opt(g, "class", t.expand(c.clazz()));
      opt(g, "component", t.expand(c.component()));
      opt(g, "group", t.expand(c.group()));
      g.writeObjectFieldStart("custom_details");
      for (Map.Entry<String, String> e : details.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
      opt(g, "client", t.expand(c.client()));
      opt(g, "client_url", t.expand(c.clientUrl()));
      if (!c.images().isEmpty()) {
        g.writeArrayFieldStart("images");
        for (NotifierConfig.PagerdutyImage i : c.images()) {
          g.writeStartObject();
          g.writeStringField("src", t.expand(i.src()));
          g.writeStringField("alt", t.expand(i.alt()));
          g.writeStringField("href", t.expand(i.href()));
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (!c.links().isEmpty()) {
        g.writeArrayFieldStart("links");
        for (NotifierConfig.PagerdutyLink l : c.links()) {
          g.writeStartObject();
          g.writeStringField("href", t.expand(l.href()));
          g.writeStringField("text", t.expand(l.text()));
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void opt(JsonGenerator g, String name, String value) throws IOException {
    if (!value.isEmpty()) {
      g.writeStringField(name, value);
    }
  }
}
