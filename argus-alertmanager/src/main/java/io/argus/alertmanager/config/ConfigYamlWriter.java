package io.argus.alertmanager.config;

import io.argus.alertmanager.config.GoYaml.MapNode;
import io.argus.alertmanager.config.GoYaml.Node;
import io.argus.alertmanager.config.GoYaml.Seq;
import io.argus.alertmanager.timeinterval.InclusiveRange;
import io.argus.alertmanager.timeinterval.TimeInterval;
import io.argus.alertmanager.timeinterval.TimeRange;
import io.argus.model.labels.Matcher;
import io.argus.util.PrometheusDurations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Prints a loaded configuration as Alertmanager 0.25 prints its own (the {@code config.original}
 * of {@code GET /api/v2/status}, shown by {@code amtool config show}): the decoded structure
 * re-encoded in upstream's field order with its {@code omitempty} rules, defaults and global
 * settings filled in, secrets as {@code <secret>}, durations in Prometheus form, matchers in their
 * marshalled forms. Stateless and thread-safe.
 */
public final class ConfigYamlWriter {
  private static final String SECRET = "<secret>";
  private static final String[] WEEKDAYS = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"
  };

  private ConfigYamlWriter() {}

  /**
   * The YAML text of {@code config}, ending in a newline, as a running Alertmanager serves it: the
   * email integrations of receivers that a route uses carry the {@code From}, {@code To} and
   * {@code Subject} headers upstream's email notifier adds to its configuration when it is built.
   */
  public static String write(AlertmanagerConfig config) {
    Set<String> used = new HashSet<>();
    usedReceivers(config.route(), used);
    List<NotifierConfig> all = new ArrayList<>();
    config.receivers().forEach(r -> all.addAll(r.integrations()));
    Fields root = new Fields();
    root.put("global", global(config.global(), all));
    root.put("route", route(config.route()));
    root.omitEmpty(
        "inhibit_rules", list(config.inhibitRules(), ConfigYamlWriter::inhibitRule));
    root.omitEmpty(
        "receivers", list(config.receivers(), r -> receiver(r, used.contains(r.name()))));
    root.put("templates", strings(config.templates()));
    root.omitEmpty("mute_time_intervals", namedIntervals(config.muteTimeIntervals()));
    root.omitEmpty("time_intervals", namedIntervals(config.timeIntervals()));
    return GoYaml.document(root.node());
  }

  // ------------------------------------------------------------------ sections

  private static void usedReceivers(RouteConfig r, Set<String> out) {
    if (!r.receiver().isEmpty()) {
      out.add(r.receiver());
    }
    r.routes().forEach(c -> usedReceivers(c, out));
  }

  /**
   * A global API URL as upstream prints it: the integrations that take it share it with the global
   * section and add a trailing slash to its path, so it shows there too.
   */
  private static @Nullable ConfigUrl sharedApiUrl(
      @Nullable ConfigUrl global, List<NotifierConfig> all, Function<NotifierConfig, @Nullable ConfigUrl> of) {
    if (global == null) {
      return null;
    }
    ConfigUrl slashed = global.withTrailingSlashPath();
    for (NotifierConfig n : all) {
      ConfigUrl u = of.apply(n);
      if (u != null && u.url().equals(slashed.url())) {
        return slashed;
      }
    }
    return global;
  }

  private static Node global(GlobalConfig g, List<NotifierConfig> all) {
    Fields f = new Fields();
    f.put("resolve_timeout", GoYaml.str(PrometheusDurations.format(g.resolveTimeoutMillis())));
    f.put("http_config", http(g.httpConfig()));
    f.omitEmpty("smtp_from", g.smtpFrom());
    f.omitEmpty("smtp_hello", g.smtpHello());
    f.omitEmpty("smtp_smarthost", g.smtpSmarthost().toString());
    f.omitEmpty("smtp_auth_username", g.smtpAuthUsername());
    f.secret("smtp_auth_password", g.smtpAuthPassword());
    f.omitEmpty("smtp_auth_password_file", g.smtpAuthPasswordFile());
    f.secret("smtp_auth_secret", g.smtpAuthSecret());
    f.omitEmpty("smtp_auth_identity", g.smtpAuthIdentity());
    f.bool("smtp_require_tls", g.smtpRequireTls());
    f.url("slack_api_url", g.slackApiUrl());
    f.omitEmpty("slack_api_url_file", g.slackApiUrlFile());
    f.url("pagerduty_url", g.pagerdutyUrl());
    f.url(
        "opsgenie_api_url",
        sharedApiUrl(
            g.opsgenieApiUrl(), all, n -> n instanceof NotifierConfig.OpsGenie o ? o.apiUrl() : null));
    f.secret("opsgenie_api_key", g.opsgenieApiKey());
    f.omitEmpty("opsgenie_api_key_file", g.opsgenieApiKeyFile());
    f.url(
        "wechat_api_url",
        sharedApiUrl(
            g.wechatApiUrl(), all, n -> n instanceof NotifierConfig.Wechat w ? w.apiUrl() : null));
    f.secret("wechat_api_secret", g.wechatApiSecret());
    f.omitEmpty("wechat_api_corp_id", g.wechatApiCorpId());
    f.url(
        "victorops_api_url",
        sharedApiUrl(
            g.victoropsApiUrl(),
            all,
            n -> n instanceof NotifierConfig.VictorOps v ? v.apiUrl() : null));
    f.secret("victorops_api_key", g.victoropsApiKey());
    f.omitEmpty("victorops_api_key_file", g.victoropsApiKeyFile());
    f.url("telegram_api_url", g.telegramApiUrl());
    f.url("webex_api_url", g.webexApiUrl());
    return f.node();
  }

  private static Node route(RouteConfig r) {
    Fields f = new Fields();
    f.omitEmpty("receiver", r.receiver());
    f.omitEmpty("group_by", strings(r.groupByAll() ? List.of("...") : r.groupBy()));
    writtenMatchers(f, "", r.written());
    f.omitEmpty("mute_time_intervals", strings(r.muteTimeIntervals()));
    f.omitEmpty("active_time_intervals", strings(r.activeTimeIntervals()));
    f.bool("continue", r.continueMatching());
    f.omitEmpty("routes", list(r.routes(), ConfigYamlWriter::route));
    f.duration("group_wait", r.groupWaitMillis());
    f.duration("group_interval", r.groupIntervalMillis());
    f.duration("repeat_interval", r.repeatIntervalMillis());
    return f.node();
  }

  private static void writtenMatchers(Fields f, String prefix, WrittenMatchers w) {
    f.omitEmpty(prefix + "match", stringMap(w.match()));
    List<Map.Entry<String, Node>> re = new ArrayList<>();
    for (Map.Entry<String, Node> e : GoYaml.sortedStringMap(w.matchRe())) {
      String original = ((GoYaml.Scalar) e.getValue()).text();
      re.add(Map.entry(e.getKey(), original.isEmpty() ? GoYaml.NULL : e.getValue()));
    }
    f.omitEmpty(prefix + "match_re", new MapNode(re));
    List<String> lines = new ArrayList<>();
    for (Matcher m : w.matchers()) {
      lines.add(matcherString(m));
    }
    f.omitEmpty(prefix + "matchers", strings(lines));
  }

  /** Upstream's {@code Matcher.String()}: the value always quoted, OpenMetrics escaping. */
  private static String matcherString(Matcher m) {
    String escaped = m.value().replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"");
    return m.name() + m.type().operator() + "\"" + escaped + "\"";
  }

  private static Node inhibitRule(InhibitRuleConfig r) {
    Fields f = new Fields();
    writtenMatchers(f, "source_", r.writtenSource());
    writtenMatchers(f, "target_", r.writtenTarget());
    f.omitEmpty("equal", strings(r.equal()));
    return f.node();
  }

  /**
   * Named time intervals. yaml.v2 carries the {@code flow} flag of a time interval's last field,
   * {@code location}, past its scalar value to the next mapping it starts: the interval after one
   * with a location, or the named interval after one whose last interval has one, prints in flow
   * style. Upstream's output shows this, so it is reproduced.
   */
  private static Seq namedIntervals(List<NamedTimeInterval> named) {
    List<Node> items = new ArrayList<>();
    boolean flowFlag = false;
    for (NamedTimeInterval n : named) {
      Fields f = new Fields();
      f.put("name", GoYaml.str(n.name()));
      List<Node> intervals = new ArrayList<>();
      boolean inner = false;
      for (TimeInterval t : n.timeIntervals()) {
        intervals.add(timeInterval(t, inner));
        inner = t.locationName() != null;
      }
      f.put("time_intervals", new Seq(intervals, false));
      items.add(f.node(flowFlag));
      flowFlag = inner;
    }
    return new Seq(items, false);
  }

  private static Node timeInterval(TimeInterval t, boolean flow) {
    Fields f = new Fields();
    if (t.times() != null) {
      f.omitEmpty("times", list(t.times(), ConfigYamlWriter::timeRange));
    }
    f.flow("weekdays", t.weekdays(), r -> weekday(r));
    f.flow("days_of_month", t.daysOfMonth(), ConfigYamlWriter::range);
    f.flow("months", t.months(), ConfigYamlWriter::range);
    f.flow("years", t.years(), ConfigYamlWriter::range);
    if (t.locationName() != null) {
      f.put("location", GoYaml.str(t.locationName()));
    }
    return f.node(flow);
  }

  private static Node timeRange(TimeRange r) {
    Fields f = new Fields();
    f.put("start_time", GoYaml.str(clock(r.startMinute())));
    f.put("end_time", GoYaml.str(clock(r.endMinute())));
    return f.node();
  }

  private static String clock(int minute) {
    return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
  }

  private static String weekday(InclusiveRange r) {
    return r.begin() == r.end()
        ? WEEKDAYS[r.begin()]
        : WEEKDAYS[r.begin()] + ":" + WEEKDAYS[r.end()];
  }

  private static String range(InclusiveRange r) {
    return r.begin() == r.end() ? Integer.toString(r.begin()) : r.begin() + ":" + r.end();
  }

  // ------------------------------------------------------------------ receivers

  private static Node receiver(Receiver r, boolean used) {
    Fields f = new Fields();
    f.put("name", GoYaml.str(r.name()));
    f.omitEmpty("discord_configs", list(r.discordConfigs(), ConfigYamlWriter::discord));
    f.omitEmpty("email_configs", list(r.emailConfigs(), e -> email(e, used)));
    f.omitEmpty("pagerduty_configs", list(r.pagerdutyConfigs(), ConfigYamlWriter::pagerduty));
    f.omitEmpty("slack_configs", list(r.slackConfigs(), ConfigYamlWriter::slack));
    f.omitEmpty("webhook_configs", list(r.webhookConfigs(), ConfigYamlWriter::webhook));
    f.omitEmpty("opsgenie_configs", list(r.opsgenieConfigs(), ConfigYamlWriter::opsgenie));
    f.omitEmpty("wechat_configs", list(r.wechatConfigs(), ConfigYamlWriter::wechat));
    f.omitEmpty("pushover_configs", list(r.pushoverConfigs(), ConfigYamlWriter::pushover));
    f.omitEmpty("victorops_configs", list(r.victoropsConfigs(), ConfigYamlWriter::victorops));
    f.omitEmpty("sns_configs", list(r.snsConfigs(), ConfigYamlWriter::sns));
    f.omitEmpty("telegram_configs", list(r.telegramConfigs(), ConfigYamlWriter::telegram));
    f.omitEmpty("webex_configs", list(r.webexConfigs(), ConfigYamlWriter::webex));
    return f.node();
  }

  /** The fields every integration starts with. */
  private static Fields notifier(NotifierConfig n) {
    Fields f = new Fields();
    f.bool("send_resolved", n.sendResolved());
    HttpClientConfig h = n.httpConfig();
    if (h != null) {
      f.put("http_config", http(h));
    }
    return f;
  }

  private static Node webhook(NotifierConfig.Webhook w) {
    Fields f = notifier(w);
    f.put("url", urlNode(w.url()));
    f.put("max_alerts", GoYaml.plain(Long.toUnsignedString(w.maxAlerts())));
    return f.node();
  }

  private static Node email(NotifierConfig.Email e, boolean built) {
    Fields f = new Fields();
    f.bool("send_resolved", e.sendResolved());
    f.omitEmpty("to", e.to());
    f.omitEmpty("from", e.from());
    f.omitEmpty("hello", e.hello());
    f.omitEmpty("smarthost", e.smarthost().toString());
    f.omitEmpty("auth_username", e.authUsername());
    f.secret("auth_password", e.authPassword());
    f.omitEmpty("auth_password_file", e.authPasswordFile());
    f.secret("auth_secret", e.authSecret());
    f.omitEmpty("auth_identity", e.authIdentity());
    Map<String, String> headers = new HashMap<>(e.headers());
    if (built) {
      headers.putIfAbsent("Subject", "{{ template \"email.default.subject\" . }}");
      headers.putIfAbsent("To", e.to());
      headers.putIfAbsent("From", e.from());
    }
    f.omitEmpty("headers", stringMap(headers));
    f.omitEmpty("html", e.html());
    f.omitEmpty("text", e.text());
    f.bool("require_tls", e.requireTls());
    f.omitEmpty("tls_config", tls(e.tlsConfig()));
    return f.node();
  }

  private static Node pagerduty(NotifierConfig.Pagerduty p) {
    Fields f = notifier(p);
    f.secret("service_key", p.serviceKey());
    f.omitEmpty("service_key_file", p.serviceKeyFile());
    f.secret("routing_key", p.routingKey());
    f.omitEmpty("routing_key_file", p.routingKeyFile());
    f.url("url", p.url());
    f.omitEmpty("client", p.client());
    f.omitEmpty("client_url", p.clientUrl());
    f.omitEmpty("description", p.description());
    f.omitEmpty("details", stringMap(p.details()));
    f.omitEmpty(
        "images",
        list(
            p.images(),
            i -> {
              Fields img = new Fields();
              img.omitEmpty("src", i.src());
              img.omitEmpty("alt", i.alt());
              img.omitEmpty("href", i.href());
              return img.node();
            }));
    f.omitEmpty(
        "links",
        list(
            p.links(),
            l -> {
              Fields link = new Fields();
              link.omitEmpty("href", l.href());
              link.omitEmpty("text", l.text());
              return link.node();
            }));
    f.omitEmpty("source", p.source());
    f.omitEmpty("severity", p.severity());
    f.omitEmpty("class", p.clazz());
    f.omitEmpty("component", p.component());
    f.omitEmpty("group", p.group());
    return f.node();
  }

  private static Node slack(NotifierConfig.Slack s) {
    Fields f = notifier(s);
    f.url("api_url", s.apiUrl());
    f.omitEmpty("api_url_file", s.apiUrlFile());
    f.omitEmpty("channel", s.channel());
    f.omitEmpty("username", s.username());
    f.omitEmpty("color", s.color());
    f.omitEmpty("title", s.title());
    f.omitEmpty("title_link", s.titleLink());
    f.omitEmpty("pretext", s.pretext());
    f.omitEmpty("text", s.text());
    f.omitEmpty(
        "fields",
        list(
            s.fields(),
            field -> {
              Fields sf = new Fields();
              sf.omitEmpty("title", field.title());
              sf.omitEmpty("value", field.value());
              if (field.isShort() != null) {
                sf.bool("short", field.isShort());
              }
              return sf.node();
            }));
    f.bool("short_fields", s.shortFields());
    f.omitEmpty("footer", s.footer());
    f.omitEmpty("fallback", s.fallback());
    f.omitEmpty("callback_id", s.callbackId());
    f.omitEmpty("icon_emoji", s.iconEmoji());
    f.omitEmpty("icon_url", s.iconUrl());
    f.omitEmpty("image_url", s.imageUrl());
    f.omitEmpty("thumb_url", s.thumbUrl());
    f.bool("link_names", s.linkNames());
    f.omitEmpty("mrkdwn_in", strings(s.mrkdwnIn()));
    f.omitEmpty("actions", list(s.actions(), ConfigYamlWriter::slackAction));
    return f.node();
  }

  private static Node slackAction(NotifierConfig.SlackAction a) {
    Fields f = new Fields();
    f.omitEmpty("type", a.type());
    f.omitEmpty("text", a.text());
    f.omitEmpty("url", a.url());
    f.omitEmpty("style", a.style());
    f.omitEmpty("name", a.name());
    f.omitEmpty("value", a.value());
    NotifierConfig.SlackConfirmationField c = a.confirm();
    if (c != null) {
      Fields cf = new Fields();
      cf.omitEmpty("text", c.text());
      cf.omitEmpty("title", c.title());
      cf.omitEmpty("ok_text", c.okText());
      cf.omitEmpty("dismiss_text", c.dismissText());
      f.put("confirm", cf.node());
    }
    return f.node();
  }

  private static Node opsgenie(NotifierConfig.OpsGenie o) {
    Fields f = notifier(o);
    f.secret("api_key", o.apiKey());
    f.omitEmpty("api_key_file", o.apiKeyFile());
    f.url("api_url", o.apiUrl());
    f.omitEmpty("message", o.message());
    f.omitEmpty("description", o.description());
    f.omitEmpty("source", o.source());
    f.omitEmpty("details", stringMap(o.details()));
    f.omitEmpty("entity", o.entity());
    f.omitEmpty(
        "responders",
        list(
            o.responders(),
            r -> {
              Fields rf = new Fields();
              rf.omitEmpty("id", r.id());
              rf.omitEmpty("name", r.name());
              rf.omitEmpty("username", r.username());
              rf.omitEmpty("type", r.type());
              return rf.node();
            }));
    f.omitEmpty("actions", o.actions());
    f.omitEmpty("tags", o.tags());
    f.omitEmpty("note", o.note());
    f.omitEmpty("priority", o.priority());
    if (o.updateAlerts()) {
      f.bool("update_alerts", true);
    }
    return f.node();
  }

  private static Node wechat(NotifierConfig.Wechat w) {
    Fields f = notifier(w);
    f.secret("api_secret", w.apiSecret());
    f.omitEmpty("corp_id", w.corpId());
    f.omitEmpty("message", w.message());
    f.url("api_url", w.apiUrl());
    f.omitEmpty("to_user", w.toUser());
    f.omitEmpty("to_party", w.toParty());
    f.omitEmpty("to_tag", w.toTag());
    f.omitEmpty("agent_id", w.agentId());
    f.omitEmpty("message_type", w.messageType());
    return f.node();
  }

  private static Node pushover(NotifierConfig.Pushover p) {
    Fields f = notifier(p);
    f.secret("user_key", p.userKey());
    f.secret("token", p.token());
    f.omitEmpty("title", p.title());
    f.omitEmpty("message", p.message());
    f.omitEmpty("url", p.url());
    f.omitEmpty("url_title", p.urlTitle());
    f.omitEmpty("sound", p.sound());
    f.omitEmpty("priority", p.priority());
    if (p.retryMillis() != 0) {
      f.put("retry", GoYaml.str(goDuration(p.retryMillis())));
    }
    if (p.expireMillis() != 0) {
      f.put("expire", GoYaml.str(goDuration(p.expireMillis())));
    }
    f.bool("html", p.html());
    return f.node();
  }

  private static Node victorops(NotifierConfig.VictorOps v) {
    Fields f = notifier(v);
    f.secret("api_key", v.apiKey());
    f.omitEmpty("api_key_file", v.apiKeyFile());
    f.put("api_url", urlNode(v.apiUrl()));
    f.put("routing_key", GoYaml.str(v.routingKey()));
    f.put("message_type", GoYaml.str(v.messageType()));
    f.put("state_message", GoYaml.str(v.stateMessage()));
    f.put("entity_display_name", GoYaml.str(v.entityDisplayName()));
    f.put("monitoring_tool", GoYaml.str(v.monitoringTool()));
    f.omitEmpty("custom_fields", stringMap(v.customFields()));
    return f.node();
  }

  private static Node sns(NotifierConfig.Sns s) {
    Fields f = notifier(s);
    f.omitEmpty("api_url", s.apiUrl());
    Fields sig = new Fields();
    sig.omitEmpty("region", s.sigv4().region());
    sig.omitEmpty("access_key", s.sigv4().accessKey());
    sig.secret("secret_key", s.sigv4().secretKey());
    sig.omitEmpty("profile", s.sigv4().profile());
    sig.omitEmpty("role_arn", s.sigv4().roleArn());
    f.put("sigv4", sig.node());
    f.omitEmpty("topic_arn", s.topicArn());
    f.omitEmpty("phone_number", s.phoneNumber());
    f.omitEmpty("target_arn", s.targetArn());
    f.omitEmpty("subject", s.subject());
    f.omitEmpty("message", s.message());
    f.omitEmpty("attributes", stringMap(s.attributes()));
    return f.node();
  }

  private static Node telegram(NotifierConfig.Telegram t) {
    Fields f = notifier(t);
    f.put("api_url", t.apiUrl() == null ? GoYaml.NULL : urlNode(t.apiUrl()));
    f.secret("bot_token", t.botToken());
    if (t.chatId() != 0) {
      f.put("chat_id", GoYaml.plain(Long.toString(t.chatId())));
    }
    f.omitEmpty("message", t.message());
    if (t.disableNotifications()) {
      f.bool("disable_notifications", true);
    }
    f.omitEmpty("parse_mode", t.parseMode());
    return f.node();
  }

  private static Node webex(NotifierConfig.Webex w) {
    Fields f = notifier(w);
    f.url("api_url", w.apiUrl());
    f.omitEmpty("message", w.message());
    f.put("room_id", GoYaml.str(w.roomId()));
    return f.node();
  }

  private static Node discord(NotifierConfig.Discord d) {
    Fields f = notifier(d);
    f.url("webhook_url", d.webhookUrl());
    f.omitEmpty("title", d.title());
    f.omitEmpty("message", d.message());
    return f.node();
  }

  // ------------------------------------------------------------------ http client

  private static Node http(HttpClientConfig h) {
    Fields f = new Fields();
    HttpClientConfig.BasicAuth b = h.basicAuth();
    if (b != null) {
      Fields bf = new Fields();
      bf.put("username", GoYaml.str(b.username()));
      bf.secret("password", b.password());
      bf.omitEmpty("password_file", b.passwordFile());
      f.put("basic_auth", bf.node());
    }
    HttpClientConfig.Authorization a = h.authorization();
    if (a != null) {
      Fields af = new Fields();
      af.omitEmpty("type", a.type());
      af.secret("credentials", a.credentials());
      af.omitEmpty("credentials_file", a.credentialsFile());
      f.put("authorization", af.node());
    }
    HttpClientConfig.OAuth2 o = h.oauth2();
    if (o != null) {
      Fields of = new Fields();
      of.put("client_id", GoYaml.str(o.clientId()));
      of.put("client_secret", o.clientSecret().isEmpty() ? GoYaml.NULL : GoYaml.str(SECRET));
      of.put("client_secret_file", GoYaml.str(o.clientSecretFile()));
      of.omitEmpty("scopes", strings(o.scopes()));
      of.put("token_url", GoYaml.str(o.tokenUrl()));
      of.omitEmpty("endpoint_params", stringMap(o.endpointParams()));
      of.omitEmpty("proxy_url", o.proxyUrl());
      of.omitEmpty("tls_config", tls(o.tlsConfig()));
      f.put("oauth2", of.node());
    }
    f.omitEmpty("proxy_url", h.proxyUrl());
    f.omitEmpty("tls_config", tls(h.tlsConfig()));
    f.bool("follow_redirects", h.followRedirects());
    f.bool("enable_http2", h.enableHttp2());
    return f.node();
  }

  /** A TLS config; an empty mapping when all fields are zero (omitted by the caller then). */
  private static MapNode tls(HttpClientConfig.TlsConfig t) {
    if (t.equals(HttpClientConfig.TlsConfig.NONE)) {
      return new MapNode(List.of());
    }
    Fields f = new Fields();
    f.omitEmpty("ca_file", t.caFile());
    f.omitEmpty("cert_file", t.certFile());
    f.omitEmpty("key_file", t.keyFile());
    f.omitEmpty("server_name", t.serverName());
    f.bool("insecure_skip_verify", t.insecureSkipVerify());
    // Go's TLS version constants: 0x0301 for TLS 1.0 up to 0x0304 for TLS 1.3.
    if (!t.minVersion().isEmpty()) {
      f.put("min_version", GoYaml.plain(tlsVersionNumber(t.minVersion())));
    }
    if (!t.maxVersion().isEmpty()) {
      f.put("max_version", GoYaml.plain(tlsVersionNumber(t.maxVersion())));
    }
    return f.node();
  }

  private static String tlsVersionNumber(String name) {
    return Integer.toString(0x0301 + (name.charAt(4) - '0'));
  }

  // ------------------------------------------------------------------ values

  /** A URL as Go's {@code url.URL.String()} gives it back: the scheme in lower case. */
  private static Node urlNode(ConfigUrl u) {
    if (u.secret()) {
      return GoYaml.str(SECRET);
    }
    int colon = u.url().indexOf(':');
    return GoYaml.str(
        colon < 0
            ? u.url()
            : u.url().substring(0, colon).toLowerCase(Locale.ROOT) + u.url().substring(colon));
  }

  private static Seq strings(List<String> values) {
    List<Node> items = new ArrayList<>(values.size());
    for (String v : values) {
      items.add(GoYaml.str(v));
    }
    return new Seq(items, false);
  }

  private static <T> Seq list(List<T> values, Function<T, Node> each) {
    List<Node> items = new ArrayList<>(values.size());
    for (T v : values) {
      items.add(each.apply(v));
    }
    return new Seq(items, false);
  }

  private static MapNode stringMap(Map<String, String> m) {
    return new MapNode(GoYaml.sortedStringMap(m));
  }

  /** Go's {@code time.Duration.String()} of whole milliseconds, e.g. {@code 1m0s}. */
  static String goDuration(long millis) {
    if (millis == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long abs = Math.abs(millis);
    if (millis < 0) {
      sb.append('-');
    }
    if (abs < 1000) {
      return sb.append(abs).append("ms").toString();
    }
    long hours = abs / 3_600_000L;
    long minutes = abs / 60_000L % 60;
    long ms = abs % 60_000L;
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    sb.append(ms / 1000);
    if (ms % 1000 != 0) {
      String frac = String.format(Locale.ROOT, "%03d", ms % 1000).replaceAll("0+$", "");
      sb.append('.').append(frac);
    }
    return sb.append('s').toString();
  }

  /** A struct being encoded: fields in order, with yaml.v2's {@code omitempty} tests. */
  private static final class Fields {
    private final List<Map.Entry<String, Node>> entries = new ArrayList<>();

    void put(String key, Node value) {
      entries.add(Map.entry(key, value));
    }

    void omitEmpty(String key, String value) {
      if (!value.isEmpty()) {
        put(key, GoYaml.str(value));
      }
    }

    void omitEmpty(String key, Seq value) {
      if (!value.items().isEmpty()) {
        put(key, value);
      }
    }

    void omitEmpty(String key, MapNode value) {
      if (!value.entries().isEmpty()) {
        put(key, value);
      }
    }

    void bool(String key, boolean value) {
      put(key, GoYaml.plain(Boolean.toString(value)));
    }

    void secret(String key, Secret value) {
      if (!value.isEmpty()) {
        put(key, GoYaml.str(SECRET));
      }
    }

    void url(String key, @Nullable ConfigUrl value) {
      if (value != null) {
        put(key, urlNode(value));
      }
    }

    void duration(String key, @Nullable Long millis) {
      if (millis != null) {
        put(key, GoYaml.str(PrometheusDurations.format(millis)));
      }
    }

    <T> void flow(String key, @Nullable List<T> values, Function<T, String> text) {
      if (values == null || values.isEmpty()) {
        return;
      }
      List<Node> items = new ArrayList<>();
      for (T v : values) {
        items.add(GoYaml.str(text.apply(v)));
      }
      put(key, new Seq(items, true));
    }

    MapNode node() {
      return node(false);
    }

    MapNode node(boolean flow) {
      return new MapNode(List.copyOf(entries), flow);
    }
  }
}
