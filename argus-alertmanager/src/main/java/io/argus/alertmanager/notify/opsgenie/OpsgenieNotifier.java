package io.argus.alertmanager.notify.opsgenie;

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
import io.argus.alertmanager.notify.pagerduty.PagerdutyNotifier;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends Opsgenie Alert API v2 requests as upstream 0.25 does, all keyed by the alias (SHA-256 hex
 * of the group key): while any alert of the group fires, {@code POST v2/alerts} creates the alert
 * (message cut to 130 runes, details = common labels overridden by the configured details, tags and
 * actions split at commas, a responder of type {@code teams} expanded into one {@code team} per
 * comma-separated name, empty responders dropped), followed with {@code update_alerts} by {@code
 * PUT …/message} and {@code PUT …/description}; once all are resolved {@code POST
 * v2/alerts/<alias>/close}. Authorization {@code GenieKey <api_key>}. HTTP 429 and 5xx are retried.
 * Thread-safe.
 */
public final class OpsgenieNotifier implements Notifier {
  static final int MAX_MESSAGE_RUNES = 130;
  private static final JsonFactory JSON = new JsonFactory();

  private final NotifierConfig.OpsGenie config;
  private final ConfiguredHttpClient client;
  private final NotificationTemplates templates;
  private final String externalUrl;

  /** One HTTP request to send. */
  record Request(String method, String url, byte[] body) {}

  public OpsgenieNotifier(
      NotifierConfig.OpsGenie config,
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
    NotificationData data =
        NotificationData.of(ctx.receiver(), ctx.groupLabels(), alerts, ctx.now(), externalUrl);
    TemplateExpander t = new TemplateExpander(templates, data);
    List<Request> requests = requests(config, ctx.groupKey(), data, t);
    String apiKey = t.expand(apiKeyText()).strip();
    t.check();
    Map<String, String> headers = Map.of("Authorization", "GenieKey " + apiKey);
    for (Request r : requests) {
      try {
        HttpClients.send(client, r.method(), r.url(), "application/json", r.body(), headers);
      } catch (NotifyException e) {
        if (e.getMessage().startsWith("unexpected status code 429")) {
          throw new NotifyException(e.getMessage(), true, NotifyException.Reason.CLIENT_ERROR, e);
        }
        throw e;
      }
    }
  }

  private String apiKeyText() throws NotifyException {
    if (!config.apiKey().isEmpty()) {
      return config.apiKey().value();
    }
    try {
      return Files.readString(Path.of(config.apiKeyFile()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new NotifyException(
          "read key_file error: " + e.getMessage(), false, NotifyException.Reason.OTHER, e);
    }
  }

  /** The requests for one notification of {@code data}'s alerts. */
  static List<Request> requests(
      NotifierConfig.OpsGenie c, String groupKey, NotificationData data, TemplateExpander t) {
    String alias = PagerdutyNotifier.dedupKey(groupKey);
    String base = c.apiUrl().url();
    if (data.status().equals("resolved")) {
      byte[] body = json(g -> g.writeStringField("source", t.expand(c.source())));
      return List.of(new Request("POST", url(base, "v2/alerts/" + alias + "/close", true), body));
    }
    String message = truncate(t.expand(c.message()));
    String description = t.expand(c.description());
    Map<String, String> details = new TreeMap<>(data.commonLabels());
    c.details().forEach((k, v) -> details.put(k, t.expand(v)));
    String source = t.expand(c.source());
    List<String[]> responders = new ArrayList<>();
    for (NotifierConfig.OpsGenieResponder r : c.responders()) {
      String[] x = {
        t.expand(r.id()), t.expand(r.name()), t.expand(r.username()), t.expand(r.type())
      };
      if (x[0].isEmpty() && x[1].isEmpty() && x[2].isEmpty() && x[3].isEmpty()) {
        continue;
      }
      if (x[3].equals("teams")) {
        for (String team : splitNonEmpty(x[1])) {
          responders.add(new String[] {"", t.expand(team), "", "team"});
        }
        continue;
      }
      responders.add(x);
    }
    List<String> tags = splitNonEmpty(t.expand(c.tags()));
    String note = t.expand(c.note());
    String priority = t.expand(c.priority());
    String entity = t.expand(c.entity());
    List<String> actions = splitNonEmpty(t.expand(c.actions()));
    byte[] create =
        json(
            g -> {
              g.writeStringField("alias", alias);
              g.writeStringField("message", message);
              optional(g, "description", description);
              g.writeObjectFieldStart("details");
              for (Map.Entry<String, String> e : details.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
              }
              g.writeEndObject();
              g.writeStringField("source", source);
              if (!responders.isEmpty()) {
                g.writeArrayFieldStart("responders");
                for (String[] r : responders) {
                  g.writeStartObject();
                  optional(g, "id", r[0]);
                  optional(g, "name", r[1]);
                  optional(g, "username", r[2]);
                  g.writeStringField("type", r[3]);
                  g.writeEndObject();
                }
                g.writeEndArray();
              }
              stringArray(g, "tags", tags);
              optional(g, "note", note);
              optional(g, "priority", priority);
              optional(g, "entity", entity);
              stringArray(g, "actions", actions);
            });
    List<Request> out = new ArrayList<>();
    out.add(new Request("POST", url(base, "v2/alerts", false), create));
    if (c.updateAlerts()) {
      out.add(
          new Request(
              "PUT",
              url(base, "v2/alerts/" + alias + "/message", true),
              json(g -> optional(g, "message", message))));
      out.add(
          new Request(
              "PUT",
              url(base, "v2/alerts/" + alias + "/description", true),
              json(g -> optional(g, "description", description))));
    }
    return out;
  }

  /** {@code base} with {@code suffix} appended to its path, and the alias identifier type. */
  static String url(String base, String suffix, boolean byAlias) {
    int q = base.indexOf('?');
    String path = q < 0 ? base : base.substring(0, q);
    String query = q < 0 ? "" : base.substring(q + 1);
    if (byAlias) {
      query = query.isEmpty() ? "identifierType=alias" : query + "&identifierType=alias";
    }
    return path + suffix + (query.isEmpty() ? "" : "?" + query);
  }

  /** Upstream's cut: at most 130 runes, the last one an ellipsis when cut. */
  static String truncate(String s) {
    int runes = s.codePointCount(0, s.length());
    if (runes <= MAX_MESSAGE_RUNES) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, MAX_MESSAGE_RUNES - 1)) + "…";
  }

  /** Splits at commas after trimming the whole text, dropping empty parts (not trimming them). */
  static List<String> splitNonEmpty(String s) {
    List<String> out = new ArrayList<>();
    for (String part : s.strip().split(",", -1)) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (!value.isEmpty()) {
      g.writeStringField(name, value);
    }
  }

  private static void stringArray(JsonGenerator g, String name, List<String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
