package io.argus.alertmanager.notify.slack;

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
import java.util.List;
import java.util.Map;

/**
 * Posts a Slack message with one attachment whose fields are expanded from the configuration's
 * templates, in upstream's JSON shape: {@code channel, username, icon_emoji, icon_url, link_names,
 * attachments[{title, title_link, pretext, text, fallback, callback_id, fields, actions, image_url,
 * thumb_url, footer, color, mrkdwn_in}]}; empty values are omitted except text, fallback,
 * callback_id and footer, which upstream always sends. The title is cut to 1024 characters.
 * Thread-safe.
 */
public final class SlackNotifier implements Notifier {
  static final int MAX_TITLE_CHARS = 1024;
  private static final JsonFactory JSON = new JsonFactory();

  private final NotifierConfig.Slack config;
  private final ConfiguredHttpClient client;
  private final NotificationTemplates templates;
  private final String externalUrl;

  public SlackNotifier(
      NotifierConfig.Slack config,
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
    byte[] body = message(config, t);
    t.check();
    HttpClients.post(client, url(), "application/json", body, Map.of());
  }

  private String url() throws NotifyException {
    if (config.apiUrl() != null) {
      return config.apiUrl().url();
    }
    try {
      return Files.readString(Path.of(config.apiUrlFile()), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new NotifyException(
          "read api_url_file: " + e.getMessage(), false, NotifyException.Reason.OTHER, e);
    }
  }

  /** The request body; template errors are left in {@code t}. */
  static byte[] message(NotifierConfig.Slack c, TemplateExpander t) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      opt(g, "channel", t.expand(c.channel()));
      opt(g, "username", t.expand(c.username()));
      opt(g, "icon_emoji", t.expand(c.iconEmoji()));
      opt(g, "icon_url", t.expand(c.iconUrl()));
      if (c.linkNames()) {
        g.writeBooleanField("link_names", true);
      }
      g.writeArrayFieldStart("attachments");
      g.writeStartObject();
      String title = t.expand(c.title());
      if (title.length() > MAX_TITLE_CHARS) {
        title = title.substring(0, MAX_TITLE_CHARS - 1) + "…";
      }
      opt(g, "title", title);
      opt(g, "title_link", t.expand(c.titleLink()));
      opt(g, "pretext", t.expand(c.pretext()));
      g.writeStringField("text", t.expand(c.text()));
      g.writeStringField("fallback", t.expand(c.fallback()));
      g.writeStringField("callback_id", t.expand(c.callbackId()));
      if (!c.fields().isEmpty()) {
        g.writeArrayFieldStart("fields");
        for (NotifierConfig.SlackField f : c.fields()) {
          g.writeStartObject();
          g.writeStringField("title", t.expand(f.title()));
          g.writeStringField("value", t.expand(f.value()));
          g.writeBooleanField("short", f.isShort() != null ? f.isShort() : c.shortFields());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (!c.actions().isEmpty()) {
        g.writeArrayFieldStart("actions");
        for (NotifierConfig.SlackAction a : c.actions()) {
          g.writeStartObject();
          g.writeStringField("type", t.expand(a.type()));
          g.writeStringField("text", t.expand(a.text()));
          opt(g, "url", t.expand(a.url()));
          opt(g, "style", t.expand(a.style()));
          opt(g, "name", t.expand(a.name()));
          opt(g, "value", t.expand(a.value()));
          if (a.confirm() != null) {
            g.writeObjectFieldStart("confirm");
            g.writeStringField("text", t.expand(a.confirm().text()));
            opt(g, "title", t.expand(a.confirm().title()));
            opt(g, "ok_text", t.expand(a.confirm().okText()));
            opt(g, "dismiss_text", t.expand(a.confirm().dismissText()));
            g.writeEndObject();
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      opt(g, "image_url", t.expand(c.imageUrl()));
      opt(g, "thumb_url", t.expand(c.thumbUrl()));
      g.writeStringField("footer", t.expand(c.footer()));
      opt(g, "color", t.expand(c.color()));
      g.writeArrayFieldStart("mrkdwn_in");
      for (String m :
          c.mrkdwnIn().isEmpty() ? List.of("fallback", "pretext", "text") : c.mrkdwnIn()) {
        g.writeString(m);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
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
