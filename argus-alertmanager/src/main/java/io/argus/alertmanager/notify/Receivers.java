package io.argus.alertmanager.notify;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.config.AlertmanagerConfig;
import io.argus.alertmanager.config.HttpClientConfig;
import io.argus.alertmanager.config.NotifierConfig;
import io.argus.alertmanager.config.Receiver;
import io.argus.alertmanager.notify.webhook.WebhookNotifier;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.util.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds every receiver's integrations from a configuration. Holds the HTTP clients they use; close
 * it when the configuration is replaced (after the old dispatcher stopped). Thread-safe.
 */
public final class Receivers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Receivers.class);

  private final Map<String, List<Integration>> integrations;
  private final List<ConfiguredHttpClient> clients;

  private Receivers(Map<String, List<Integration>> integrations, List<ConfiguredHttpClient> c) {
    this.integrations = integrations;
    this.clients = c;
  }

  /**
   * Builds the integrations of every receiver of {@code config}. Integration types Argus does not
   * implement yet get a notifier that fails every attempt with a clear error (counted in {@code
   * alertmanager_notifications_failed_total}), so nothing is dropped silently.
   *
   * @param externalUrl the Alertmanager's external URL, as notifications link to it
   */
  public static Receivers build(
      AlertmanagerConfig config, NotificationTemplates templates, Clock clock, String externalUrl) {
    Map<String, List<Integration>> out = new LinkedHashMap<>();
    List<ConfiguredHttpClient> clients = new ArrayList<>();
    for (Receiver r : config.receivers()) {
      List<Integration> list = new ArrayList<>();
      Map<String, Integer> indexes = new HashMap<>();
      for (NotifierConfig c : r.integrations()) {
        String type = typeName(c);
        int idx = indexes.merge(type, 1, Integer::sum) - 1;
        Notifier n =
            switch (c) {
              case NotifierConfig.Webhook w ->
                  new WebhookNotifier(w, client(w.httpConfig(), clock, clients), externalUrl);
              case NotifierConfig.Slack s ->
                  new io.argus.alertmanager.notify.slack.SlackNotifier(
                      s, client(s.httpConfig(), clock, clients), templates, externalUrl);
              case NotifierConfig.Pagerduty p ->
                  new io.argus.alertmanager.notify.pagerduty.PagerdutyNotifier(
                      p, client(p.httpConfig(), clock, clients), templates, externalUrl);
              case NotifierConfig.OpsGenie o ->
                  new io.argus.alertmanager.notify.opsgenie.OpsgenieNotifier(
                      o, client(o.httpConfig(), clock, clients), templates, externalUrl);
              case NotifierConfig.Email e ->
                  new io.argus.alertmanager.notify.email.EmailNotifier(
                      e, templates, externalUrl, clock);
              default -> unsupported(type);
            };
        list.add(new Integration(type, idx, r.name(), n, c.sendResolved()));
      }
      out.put(r.name(), List.copyOf(list));
    }
    return new Receivers(Map.copyOf(out), List.copyOf(clients));
  }

  private static ConfiguredHttpClient client(
      HttpClientConfig c, Clock clock, List<ConfiguredHttpClient> clients) {
    ConfiguredHttpClient client = HttpClients.create(c, clock);
    clients.add(client);
    return client;
  }

  private static Notifier unsupported(String type) {
    log.atWarn().addKeyValue("integration", type).log("integration type not implemented by argus");
    return new Notifier() {
      @Override
      public void send(NotificationContext ctx, List<Alert> alerts) throws NotifyException {
        throw new NotifyException(
            type + " notifications are not implemented by argus",
            false,
            NotifyException.Reason.OTHER);
      }
    };
  }

  /** Upstream's integration name of a config, as used in metrics and the notification log. */
  public static String typeName(NotifierConfig c) {
    return switch (c) {
      case NotifierConfig.Webhook w -> "webhook";
      case NotifierConfig.Slack s -> "slack";
      case NotifierConfig.Pagerduty p -> "pagerduty";
      case NotifierConfig.Email e -> "email";
      case NotifierConfig.OpsGenie o -> "opsgenie";
      case NotifierConfig.Wechat w -> "wechat";
      case NotifierConfig.Pushover p -> "pushover";
      case NotifierConfig.VictorOps v -> "victorops";
      case NotifierConfig.Sns s -> "sns";
      case NotifierConfig.Telegram t -> "telegram";
      case NotifierConfig.Webex w -> "webex";
      case NotifierConfig.Discord d -> "discord";
    };
  }

  /** Each receiver's integrations by receiver name. */
  public Map<String, List<Integration>> integrations() {
    return integrations;
  }

  @Override
  public void close() {
    for (ConfiguredHttpClient c : clients) {
      c.close();
    }
  }
}
