package io.argus.alertmanager.config;

import io.argus.alertmanager.config.ConfigLoader.Pending;
import io.argus.alertmanager.config.Decoder.Obj;
import io.argus.template.MissingKey;
import io.argus.template.Template;
import io.argus.template.TemplateException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decoding and validation of each integration kind ({@code *_configs}), with upstream's defaults.
 * Each returns a {@link Pending} that fills in global settings later, since upstream copies them in
 * only after the whole file has been decoded.
 */
final class Notifiers {
  private Notifiers() {}

  private static String tmpl(String name) {
    return "{{ template \"" + name + "\" . }}";
  }

  private static @Nullable HttpClientConfig http(ConfigLoader l, Obj o, String k)
      throws ConfigException {
    return o.has(k) ? l.decodeHttp(o, k) : null;
  }

  private static HttpClientConfig orGlobal(@Nullable HttpClientConfig h, GlobalConfig g) {
    return h != null ? h : g.httpConfig();
  }

  private static Secret secret(Obj o, String k) {
    return new Secret(o.str(k, "", "config.plain"));
  }

  private static @Nullable ConfigUrl url(Obj o, String k, boolean secret) throws ConfigException {
    String s = o.strOrNull(k);
    return s == null ? null : ConfigUrl.parse(s, secret);
  }

  static Pending<NotifierConfig.Webhook> webhook(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = true;
    HttpClientConfig http = null;
    ConfigUrl url = null;
    long maxAlerts = 0;
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, true);
        case "http_config" -> http = http(l, o, k);
        case "url" -> url = url(o, k, false);
        case "max_alerts" -> maxAlerts = o.integer(k, 0, "uint64");
        default -> {}
      }
    }
    if (o.end() && url == null) {
      throw new ConfigException("missing URL in webhook config");
    }
    boolean sr = sendResolved;
    HttpClientConfig h = http;
    ConfigUrl u = url;
    long max = maxAlerts;
    return g -> new NotifierConfig.Webhook(sr, orGlobal(h, g), u, max);
  }

  static Pending<NotifierConfig.Email> email(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = false;
    String to = "";
    String from = "";
    String hello = "";
    HostPort smarthost = HostPort.EMPTY;
    String authUsername = "";
    Secret authPassword = Secret.EMPTY;
    String authPasswordFile = "";
    Secret authSecret = Secret.EMPTY;
    String authIdentity = "";
    Map<String, String> headers = Map.of();
    String html = tmpl("email.default.html");
    String text = "";
    Boolean requireTls = null;
    HttpClientConfig.TlsConfig tls = HttpClientConfig.TlsConfig.NONE;
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, false);
        case "to" -> to = o.str(k);
        case "from" -> from = o.str(k);
        case "hello" -> hello = o.str(k);
        case "smarthost" -> {
          String s = o.strOrNull(k);
          smarthost = s == null ? HostPort.EMPTY : HostPort.parse(s);
        }
        case "auth_username" -> authUsername = o.str(k);
        case "auth_password" -> authPassword = secret(o, k);
        case "auth_password_file" -> authPasswordFile = o.str(k);
        case "auth_secret" -> authSecret = secret(o, k);
        case "auth_identity" -> authIdentity = o.str(k);
        case "headers" -> headers = o.stringMap(k, "map[string]string");
        case "html" -> html = o.str(k);
        case "text" -> text = o.str(k);
        case "require_tls" -> {
          if (o.has(k)) {
            requireTls = o.bool(k, false);
          }
        }
        case "tls_config" -> tls = l.decodeTls(l.decoder().obj(o.raw(k), "config.plain"));
        default -> {}
      }
    }
    Map<String, String> normalized = new LinkedHashMap<>();
    if (o.end()) {
      if (to.isEmpty()) {
        throw new ConfigException("missing to address in email config");
      }
      for (Map.Entry<String, String> e : headers.entrySet()) {
        String key = canonicalMimeHeaderKey(e.getKey());
        if (normalized.putIfAbsent(key, e.getValue()) != null) {
          throw new ConfigException(
              "duplicate header " + GoStrings.quote(key) + " in email config");
        }
      }
    }
    boolean sr = sendResolved;
    String to0 = to;
    String from0 = from;
    String hello0 = hello;
    HostPort host0 = smarthost;
    String user0 = authUsername;
    Secret pw0 = authPassword;
    String pwFile0 = authPasswordFile;
    Secret secret0 = authSecret;
    String identity0 = authIdentity;
    String html0 = html;
    String text0 = text;
    Boolean tls0 = requireTls;
    HttpClientConfig.TlsConfig tlsConfig = tls;
    return g -> {
      HostPort host = host0;
      if (host.isEmpty()) {
        if (g.smtpSmarthost().isEmpty()) {
          throw new ConfigException("no global SMTP smarthost set");
        }
        host = g.smtpSmarthost();
      }
      String f = from0;
      if (f.isEmpty()) {
        if (g.smtpFrom().isEmpty()) {
          throw new ConfigException("no global SMTP from set");
        }
        f = g.smtpFrom();
      }
      Secret pw = pw0;
      String pwFile = pwFile0;
      if (pw.isEmpty() && pwFile.isEmpty()) {
        pw = g.smtpAuthPassword();
        pwFile = g.smtpAuthPasswordFile();
      }
      return new NotifierConfig.Email(
          sr,
          to0,
          f,
          hello0.isEmpty() ? g.smtpHello() : hello0,
          host,
          user0.isEmpty() ? g.smtpAuthUsername() : user0,
          pw,
          pwFile,
          secret0.isEmpty() ? g.smtpAuthSecret() : secret0,
          identity0.isEmpty() ? g.smtpAuthIdentity() : identity0,
          Map.copyOf(normalized),
          html0,
          text0,
          tls0 == null ? g.smtpRequireTls() : tls0,
          tlsConfig);
    };
  }

  /** Go's {@code textproto.CanonicalMIMEHeaderKey}. */
  static String canonicalMimeHeaderKey(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean token = c < 127 && c > 32 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
      if (!token) {
        return s;
      }
    }
    StringBuilder sb = new StringBuilder(s.length());
    boolean upper = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (upper && c >= 'a' && c <= 'z') {
        c = (char) (c - 32);
      } else if (!upper && c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      sb.append(c);
      upper = c == '-';
    }
    return sb.toString();
  }

  static Pending<NotifierConfig.Pagerduty> pagerduty(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = true;
    HttpClientConfig http = null;
    Secret serviceKey = Secret.EMPTY;
    String serviceKeyFile = "";
    Secret routingKey = Secret.EMPTY;
    String routingKeyFile = "";
    ConfigUrl url = null;
    String client = tmpl("pagerduty.default.client");
    String clientUrl = tmpl("pagerduty.default.clientURL");
    String description = "{{ template \"pagerduty.default.description\" .}}";
    Map<String, String> details = Map.of();
    List<NotifierConfig.PagerdutyImage> images = List.of();
    List<NotifierConfig.PagerdutyLink> links = List.of();
    String source = "";
    String severity = "";
    String clazz = "";
    String component = "";
    String group = "";
    Decoder d = l.decoder();
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, true);
        case "http_config" -> http = http(l, o, k);
        case "service_key" -> serviceKey = secret(o, k);
        case "service_key_file" -> serviceKeyFile = o.str(k);
        case "routing_key" -> routingKey = secret(o, k);
        case "routing_key_file" -> routingKeyFile = o.str(k);
        case "url" -> url = url(o, k, false);
        case "client" -> client = o.str(k);
        case "client_url" -> clientUrl = o.str(k);
        case "description" -> description = o.str(k);
        case "details" -> details = o.stringMap(k, "map[string]string");
        case "images" ->
            images =
                o.list(
                    k,
                    "[]config.PagerdutyImage",
                    n -> {
                      Obj i = d.obj(n, "config.PagerdutyImage");
                      String src = "";
                      String alt = "";
                      String href = "";
                      for (String ik : i.keys()) {
                        switch (ik) {
                          case "src" -> src = i.str(ik);
                          case "alt" -> alt = i.str(ik);
                          case "href" -> href = i.str(ik);
                          default -> {}
                        }
                      }
                      i.end();
                      return new NotifierConfig.PagerdutyImage(src, alt, href);
                    });
        case "links" ->
            links =
                o.list(
                    k,
                    "[]config.PagerdutyLink",
                    n -> {
                      Obj i = d.obj(n, "config.PagerdutyLink");
                      String href = "";
                      String text = "";
                      for (String ik : i.keys()) {
                        switch (ik) {
                          case "href" -> href = i.str(ik);
                          case "text" -> text = i.str(ik);
                          default -> {}
                        }
                      }
                      i.end();
                      return new NotifierConfig.PagerdutyLink(href, text);
                    });
        case "source" -> source = o.str(k);
        case "severity" -> severity = o.str(k);
        case "class" -> clazz = o.str(k);
        case "component" -> component = o.str(k);
        case "group" -> group = o.str(k);
        default -> {}
      }
    }
    Map<String, String> allDetails = new LinkedHashMap<>(details);
    if (o.end()) {
      if (routingKey.isEmpty()
          && serviceKey.isEmpty()
          && routingKeyFile.isEmpty()
          && serviceKeyFile.isEmpty()) {
        throw new ConfigException("missing service or routing key in PagerDuty config");
      }
      if (!routingKey.isEmpty() && !routingKeyFile.isEmpty()) {
        throw new ConfigException(
            "at most one of routing_key & routing_key_file must be configured");
      }
      if (!serviceKey.isEmpty() && !serviceKeyFile.isEmpty()) {
        throw new ConfigException(
            "at most one of service_key & service_key_file must be configured");
      }
      if (source.isEmpty()) {
        source = client;
      }
      allDetails.putIfAbsent(
          "firing", "{{ template \"pagerduty.default.instances\" .Alerts.Firing }}");
      allDetails.putIfAbsent(
          "resolved", "{{ template \"pagerduty.default.instances\" .Alerts.Resolved }}");
      allDetails.putIfAbsent("num_firing", "{{ .Alerts.Firing | len }}");
      allDetails.putIfAbsent("num_resolved", "{{ .Alerts.Resolved | len }}");
    }
    NotifierConfig.Pagerduty partial =
        new NotifierConfig.Pagerduty(
            sendResolved,
            HttpClientConfig.DEFAULT,
            serviceKey,
            serviceKeyFile,
            routingKey,
            routingKeyFile,
            new ConfigUrl("", false),
            client,
            clientUrl,
            description,
            Map.copyOf(allDetails),
            List.copyOf(images),
            List.copyOf(links),
            source,
            severity,
            clazz,
            component,
            group);
    HttpClientConfig h = http;
    ConfigUrl u = url;
    return g -> {
      ConfigUrl resolvedUrl = u;
      if (resolvedUrl == null) {
        if (g.pagerdutyUrl() == null) {
          throw new ConfigException("no global PagerDuty URL set");
        }
        resolvedUrl = g.pagerdutyUrl();
      }
      NotifierConfig.Pagerduty p = partial;
      return new NotifierConfig.Pagerduty(
          p.sendResolved(),
          orGlobal(h, g),
          p.serviceKey(),
          p.serviceKeyFile(),
          p.routingKey(),
          p.routingKeyFile(),
          resolvedUrl,
          p.client(),
          p.clientUrl(),
          p.description(),
          p.details(),
          p.images(),
          p.links(),
          p.source(),
          p.severity(),
          p.clazz(),
          p.component(),
          p.group());
    };
  }

  static Pending<NotifierConfig.Slack> slack(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = false;
    HttpClientConfig http = null;
    ConfigUrl apiUrl = null;
    String apiUrlFile = "";
    String channel = "";
    String username = tmpl("slack.default.username");
    String color = "{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}";
    String title = tmpl("slack.default.title");
    String titleLink = tmpl("slack.default.titlelink");
    String pretext = tmpl("slack.default.pretext");
    String text = tmpl("slack.default.text");
    List<NotifierConfig.SlackField> fields = List.of();
    boolean shortFields = false;
    String footer = tmpl("slack.default.footer");
    String fallback = tmpl("slack.default.fallback");
    String callbackId = tmpl("slack.default.callbackid");
    String iconEmoji = tmpl("slack.default.iconemoji");
    String iconUrl = tmpl("slack.default.iconurl");
    String imageUrl = "";
    String thumbUrl = "";
    boolean linkNames = false;
    List<String> mrkdwnIn = List.of();
    List<NotifierConfig.SlackAction> actions = List.of();
    Decoder d = l.decoder();
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, false);
        case "http_config" -> http = http(l, o, k);
        case "api_url" -> apiUrl = url(o, k, true);
        case "api_url_file" -> apiUrlFile = o.str(k);
        case "channel" -> channel = o.str(k);
        case "username" -> username = o.str(k);
        case "color" -> color = o.str(k);
        case "title" -> title = o.str(k);
        case "title_link" -> titleLink = o.str(k);
        case "pretext" -> pretext = o.str(k);
        case "text" -> text = o.str(k);
        case "fields" ->
            fields = o.list(k, "[]*config.SlackField", n -> slackField(d.obj(n, "config.plain")));
        case "short_fields" -> shortFields = o.bool(k, false);
        case "footer" -> footer = o.str(k);
        case "fallback" -> fallback = o.str(k);
        case "callback_id" -> callbackId = o.str(k);
        case "icon_emoji" -> iconEmoji = o.str(k);
        case "icon_url" -> iconUrl = o.str(k);
        case "image_url" -> imageUrl = o.str(k);
        case "thumb_url" -> thumbUrl = o.str(k);
        case "link_names" -> linkNames = o.bool(k, false);
        case "mrkdwn_in" -> mrkdwnIn = o.strings(k, "[]string");
        case "actions" ->
            actions =
                o.list(k, "[]*config.SlackAction", n -> slackAction(d, d.obj(n, "config.plain")));
        default -> {}
      }
    }
    if (o.end() && apiUrl != null && !apiUrlFile.isEmpty()) {
      throw new ConfigException("at most one of api_url & api_url_file must be configured");
    }
    NotifierConfig.Slack partial =
        new NotifierConfig.Slack(
            sendResolved,
            HttpClientConfig.DEFAULT,
            apiUrl,
            apiUrlFile,
            channel,
            username,
            color,
            title,
            titleLink,
            pretext,
            text,
            List.copyOf(fields),
            shortFields,
            footer,
            fallback,
            callbackId,
            iconEmoji,
            iconUrl,
            imageUrl,
            thumbUrl,
            linkNames,
            List.copyOf(mrkdwnIn),
            List.copyOf(actions));
    HttpClientConfig h = http;
    return g -> {
      NotifierConfig.Slack p = partial;
      ConfigUrl u = p.apiUrl();
      String file = p.apiUrlFile();
      if (u == null && file.isEmpty()) {
        if (g.slackApiUrl() == null && g.slackApiUrlFile().isEmpty()) {
          throw new ConfigException("no global Slack API URL set either inline or in a file");
        }
        u = g.slackApiUrl();
        file = g.slackApiUrlFile();
      }
      return new NotifierConfig.Slack(
          p.sendResolved(),
          orGlobal(h, g),
          u,
          file,
          p.channel(),
          p.username(),
          p.color(),
          p.title(),
          p.titleLink(),
          p.pretext(),
          p.text(),
          p.fields(),
          p.shortFields(),
          p.footer(),
          p.fallback(),
          p.callbackId(),
          p.iconEmoji(),
          p.iconUrl(),
          p.imageUrl(),
          p.thumbUrl(),
          p.linkNames(),
          p.mrkdwnIn(),
          p.actions());
    };
  }

  private static NotifierConfig.SlackField slackField(Obj o) throws ConfigException {
    String title = "";
    String value = "";
    Boolean isShort = null;
    for (String k : o.keys()) {
      switch (k) {
        case "title" -> title = o.str(k);
        case "value" -> value = o.str(k);
        case "short" -> {
          if (o.has(k)) {
            isShort = o.bool(k, false);
          }
        }
        default -> {}
      }
    }
    if (o.end()) {
      if (title.isEmpty()) {
        throw new ConfigException("missing title in Slack field configuration");
      }
      if (value.isEmpty()) {
        throw new ConfigException("missing value in Slack field configuration");
      }
    }
    return new NotifierConfig.SlackField(title, value, isShort);
  }

  private static NotifierConfig.SlackAction slackAction(Decoder d, Obj o) throws ConfigException {
    String type = "";
    String text = "";
    String url = "";
    String style = "";
    String name = "";
    String value = "";
    NotifierConfig.SlackConfirmationField confirm = null;
    for (String k : o.keys()) {
      switch (k) {
        case "type" -> type = o.str(k);
        case "text" -> text = o.str(k);
        case "url" -> url = o.str(k);
        case "style" -> style = o.str(k);
        case "name" -> name = o.str(k);
        case "value" -> value = o.str(k);
        case "confirm" -> {
          if (o.has(k)) {
            confirm = slackConfirm(d.obj(o.raw(k), "config.plain"));
          }
        }
        default -> {}
      }
    }
    if (o.end()) {
      if (type.isEmpty()) {
        throw new ConfigException("missing type in Slack action configuration");
      }
      if (text.isEmpty()) {
        throw new ConfigException("missing text in Slack action configuration");
      }
      if (!url.isEmpty()) {
        name = "";
        value = "";
        confirm = null;
      } else if (name.isEmpty()) {
        throw new ConfigException("missing name or url in Slack action configuration");
      }
    }
    return new NotifierConfig.SlackAction(type, text, url, style, name, value, confirm);
  }

  private static NotifierConfig.SlackConfirmationField slackConfirm(Obj o) throws ConfigException {
    String text = "";
    String title = "";
    String ok = "";
    String dismiss = "";
    for (String k : o.keys()) {
      switch (k) {
        case "text" -> text = o.str(k);
        case "title" -> title = o.str(k);
        case "ok_text" -> ok = o.str(k);
        case "dismiss_text" -> dismiss = o.str(k);
        default -> {}
      }
    }
    if (o.end() && text.isEmpty()) {
      throw new ConfigException("missing text in Slack confirmation configuration");
    }
    return new NotifierConfig.SlackConfirmationField(text, title, ok, dismiss);
  }

  static Pending<NotifierConfig.OpsGenie> opsgenie(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = true;
    HttpClientConfig http = null;
    Secret apiKey = Secret.EMPTY;
    String apiKeyFile = "";
    ConfigUrl apiUrl = null;
    String message = tmpl("opsgenie.default.message");
    String description = tmpl("opsgenie.default.description");
    String source = tmpl("opsgenie.default.source");
    Map<String, String> details = Map.of();
    String entity = "";
    List<NotifierConfig.OpsGenieResponder> responders = List.of();
    String actions = "";
    String tags = "";
    String note = "";
    String priority = "";
    boolean updateAlerts = false;
    Decoder d = l.decoder();
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, true);
        case "http_config" -> http = http(l, o, k);
        case "api_key" -> apiKey = secret(o, k);
        case "api_key_file" -> apiKeyFile = o.str(k);
        case "api_url" -> apiUrl = url(o, k, false);
        case "message" -> message = o.str(k);
        case "description" -> description = o.str(k);
        case "source" -> source = o.str(k);
        case "details" -> details = o.stringMap(k, "map[string]string");
        case "entity" -> entity = o.str(k);
        case "responders" ->
            responders =
                o.list(
                    k,
                    "[]config.OpsGenieConfigResponder",
                    n -> {
                      Obj r = d.obj(n, "config.OpsGenieConfigResponder");
                      String id = "";
                      String name = "";
                      String username = "";
                      String type = "";
                      for (String rk : r.keys()) {
                        switch (rk) {
                          case "id" -> id = r.str(rk);
                          case "name" -> name = r.str(rk);
                          case "username" -> username = r.str(rk);
                          case "type" -> type = r.str(rk);
                          default -> {}
                        }
                      }
                      r.end();
                      return new NotifierConfig.OpsGenieResponder(id, name, username, type);
                    });
        case "actions" -> actions = o.str(k);
        case "tags" -> tags = o.str(k);
        case "note" -> note = o.str(k);
        case "priority" -> priority = o.str(k);
        case "update_alerts" -> updateAlerts = o.bool(k, false);
        default -> {}
      }
    }
    if (o.end()) {
      if (!apiKey.isEmpty() && !apiKeyFile.isEmpty()) {
        throw new ConfigException("at most one of api_key & api_key_file must be configured");
      }
      for (NotifierConfig.OpsGenieResponder r : responders) {
        if (r.id().isEmpty() && r.username().isEmpty() && r.name().isEmpty()) {
          throw new ConfigException(
              "opsGenieConfig responder "
                  + goStruct(r.id(), r.name(), r.username(), r.type())
                  + " has to have at least one of id, username or name specified");
        }
        if (r.type().contains("{{")) {
          try {
            Template.parse("", r.type(), TemplateFiles.FUNCTIONS, MissingKey.ZERO);
          } catch (TemplateException e) {
            throw new ConfigException(
                "opsGenieConfig responder "
                    + goStruct(r.id(), r.name(), r.username(), r.type())
                    + " type is not a valid template: "
                    + e.getMessage());
          }
        } else {
          String lower = r.type().toLowerCase(Locale.ROOT);
          if (!ConfigLoader.validOpsgenieType(lower)) {
            throw new ConfigException(
                "opsGenieConfig responder "
                    + goStruct(r.id(), r.name(), r.username(), lower)
                    + " type does not match valid options"
                    + " ^(team|teams|user|escalation|schedule)$");
          }
        }
      }
    }
    NotifierConfig.OpsGenie partial =
        new NotifierConfig.OpsGenie(
            sendResolved,
            HttpClientConfig.DEFAULT,
            apiKey,
            apiKeyFile,
            new ConfigUrl("", false),
            message,
            description,
            source,
            Map.copyOf(details),
            entity,
            List.copyOf(responders),
            actions,
            tags,
            note,
            priority,
            updateAlerts);
    HttpClientConfig h = http;
    ConfigUrl u0 = apiUrl;
    return g -> {
      NotifierConfig.OpsGenie p = partial;
      ConfigUrl u = u0;
      if (u == null) {
        if (g.opsgenieApiUrl() == null) {
          throw new ConfigException("no global OpsGenie URL set");
        }
        u = g.opsgenieApiUrl();
      }
      u = u.withTrailingSlashPath();
      Secret key = p.apiKey();
      String keyFile = p.apiKeyFile();
      if (key.isEmpty() && keyFile.isEmpty()) {
        if (g.opsgenieApiKey().isEmpty() && g.opsgenieApiKeyFile().isEmpty()) {
          throw new ConfigException("no global OpsGenie API Key set either inline or in a file");
        }
        key = g.opsgenieApiKey();
        keyFile = g.opsgenieApiKeyFile();
      }
      return new NotifierConfig.OpsGenie(
          p.sendResolved(),
          orGlobal(h, g),
          key,
          keyFile,
          u,
          p.message(),
          p.description(),
          p.source(),
          p.details(),
          p.entity(),
          p.responders(),
          p.actions(),
          p.tags(),
          p.note(),
          p.priority(),
          p.updateAlerts());
    };
  }

  /** Go's {@code %v} of a struct of strings: {@code {a b c d}}. */
  private static String goStruct(String... fields) {
    return "{" + String.join(" ", fields) + "}";
  }

  static Pending<NotifierConfig.Wechat> wechat(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = false;
    HttpClientConfig http = null;
    Secret apiSecret = Secret.EMPTY;
    String corpId = "";
    String message = tmpl("wechat.default.message");
    ConfigUrl apiUrl = null;
    String toUser = tmpl("wechat.default.to_user");
    String toParty = tmpl("wechat.default.to_party");
    String toTag = tmpl("wechat.default.to_tag");
    String agentId = tmpl("wechat.default.agent_id");
    String messageType = "";
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, false);
        case "http_config" -> http = http(l, o, k);
        case "api_secret" -> apiSecret = secret(o, k);
        case "corp_id" -> corpId = o.str(k);
        case "message" -> message = o.str(k);
        case "api_url" -> apiUrl = url(o, k, false);
        case "to_user" -> toUser = o.str(k);
        case "to_party" -> toParty = o.str(k);
        case "to_tag" -> toTag = o.str(k);
        case "agent_id" -> agentId = o.str(k);
        case "message_type" -> messageType = o.str(k);
        default -> {}
      }
    }
    if (o.end()) {
      if (messageType.isEmpty()) {
        messageType = "text";
      }
      if (!ConfigLoader.validWechatType(messageType)) {
        throw new ConfigException(
            "weChat message type "
                + GoStrings.quote(messageType)
                + " does not match valid options ^(text|markdown)$");
      }
    }
    NotifierConfig.Wechat partial =
        new NotifierConfig.Wechat(
            sendResolved,
            HttpClientConfig.DEFAULT,
            apiSecret,
            corpId,
            message,
            new ConfigUrl("", false),
            toUser,
            toParty,
            toTag,
            agentId,
            messageType);
    HttpClientConfig h = http;
    ConfigUrl u0 = apiUrl;
    return g -> {
      NotifierConfig.Wechat p = partial;
      ConfigUrl u = u0;
      if (u == null) {
        if (g.wechatApiUrl() == null) {
          throw new ConfigException("no global Wechat URL set");
        }
        u = g.wechatApiUrl();
      }
      Secret s = p.apiSecret();
      if (s.isEmpty()) {
        if (g.wechatApiSecret().isEmpty()) {
          throw new ConfigException("no global Wechat ApiSecret set");
        }
        s = g.wechatApiSecret();
      }
      String corp = p.corpId();
      if (corp.isEmpty()) {
        if (g.wechatApiCorpId().isEmpty()) {
          throw new ConfigException("no global Wechat CorpID set");
        }
        corp = g.wechatApiCorpId();
      }
      return new NotifierConfig.Wechat(
          p.sendResolved(),
          orGlobal(h, g),
          s,
          corp,
          p.message(),
          u.withTrailingSlashPath(),
          p.toUser(),
          p.toParty(),
          p.toTag(),
          p.agentId(),
          p.messageType());
    };
  }

  static Pending<NotifierConfig.Pushover> pushover(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = true;
    HttpClientConfig http = null;
    Secret userKey = Secret.EMPTY;
    Secret token = Secret.EMPTY;
    String title = tmpl("pushover.default.title");
    String message = tmpl("pushover.default.message");
    String url = tmpl("pushover.default.url");
    String urlTitle = "";
    String sound = "";
    String priority = "{{ if eq .Status \"firing\" }}2{{ else }}0{{ end }}";
    long retry = 60_000;
    long expire = 3_600_000;
    boolean html = false;
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, true);
        case "http_config" -> http = http(l, o, k);
        case "user_key" -> userKey = secret(o, k);
        case "token" -> token = secret(o, k);
        case "title" -> title = o.str(k);
        case "message" -> message = o.str(k);
        case "url" -> url = o.str(k);
        case "url_title" -> urlTitle = o.str(k);
        case "sound" -> sound = o.str(k);
        case "priority" -> priority = o.str(k);
        case "retry" -> retry = goDuration(o, k, retry);
        case "expire" -> expire = goDuration(o, k, expire);
        case "html" -> html = o.bool(k, false);
        default -> {}
      }
    }
    if (o.end()) {
      if (userKey.isEmpty()) {
        throw new ConfigException("missing user key in Pushover config");
      }
      if (token.isEmpty()) {
        throw new ConfigException("missing token in Pushover config");
      }
    }
    NotifierConfig.Pushover partial =
        new NotifierConfig.Pushover(
            sendResolved,
            HttpClientConfig.DEFAULT,
            userKey,
            token,
            title,
            message,
            url,
            urlTitle,
            sound,
            priority,
            retry,
            expire,
            html);
    HttpClientConfig h = http;
    return g -> {
      NotifierConfig.Pushover p = partial;
      return new NotifierConfig.Pushover(
          p.sendResolved(),
          orGlobal(h, g),
          p.userKey(),
          p.token(),
          p.title(),
          p.message(),
          p.url(),
          p.urlTitle(),
          p.sound(),
          p.priority(),
          p.retryMillis(),
          p.expireMillis(),
          p.html());
    };
  }

  private static long goDuration(Obj o, String k, long def) throws ConfigException {
    String s = o.strOrNull(k);
    if (s == null) {
      return def;
    }
    try {
      return GoDuration.parseMillis(s);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(String.valueOf(e.getMessage()));
    }
  }

  static Pending<NotifierConfig.VictorOps> victorops(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = true;
    HttpClientConfig http = null;
    Secret apiKey = Secret.EMPTY;
    String apiKeyFile = "";
    ConfigUrl apiUrl = null;
    String routingKey = "";
    String messageType = "CRITICAL";
    String stateMessage = tmpl("victorops.default.state_message");
    String entityDisplayName = tmpl("victorops.default.entity_display_name");
    String monitoringTool = tmpl("victorops.default.monitoring_tool");
    Map<String, String> customFields = Map.of();
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, true);
        case "http_config" -> http = http(l, o, k);
        case "api_key" -> apiKey = secret(o, k);
        case "api_key_file" -> apiKeyFile = o.str(k);
        case "api_url" -> apiUrl = url(o, k, false);
        case "routing_key" -> routingKey = o.str(k);
        case "message_type" -> messageType = o.str(k);
        case "state_message" -> stateMessage = o.str(k);
        case "entity_display_name" -> entityDisplayName = o.str(k);
        case "monitoring_tool" -> monitoringTool = o.str(k);
        case "custom_fields" -> customFields = o.stringMap(k, "map[string]string");
        default -> {}
      }
    }
    if (o.end()) {
      if (routingKey.isEmpty()) {
        throw new ConfigException("missing Routing key in VictorOps config");
      }
      if (!apiKey.isEmpty() && !apiKeyFile.isEmpty()) {
        throw new ConfigException("at most one of api_key & api_key_file must be configured");
      }
      for (String f : ConfigLoader.victoropsReserved()) {
        if (customFields.containsKey(f)) {
          throw new ConfigException(
              "victorOps config contains custom field "
                  + f
                  + " which cannot be used as it conflicts with the fixed/static fields");
        }
      }
    }
    NotifierConfig.VictorOps partial =
        new NotifierConfig.VictorOps(
            sendResolved,
            HttpClientConfig.DEFAULT,
            apiKey,
            apiKeyFile,
            new ConfigUrl("", false),
            routingKey,
            messageType,
            stateMessage,
            entityDisplayName,
            monitoringTool,
            Map.copyOf(customFields));
    HttpClientConfig h = http;
    ConfigUrl u0 = apiUrl;
    return g -> {
      NotifierConfig.VictorOps p = partial;
      ConfigUrl u = u0;
      if (u == null) {
        if (g.victoropsApiUrl() == null) {
          throw new ConfigException("no global VictorOps URL set");
        }
        u = g.victoropsApiUrl();
      }
      Secret key = p.apiKey();
      String keyFile = p.apiKeyFile();
      if (key.isEmpty() && keyFile.isEmpty()) {
        if (g.victoropsApiKey().isEmpty() && g.victoropsApiKeyFile().isEmpty()) {
          throw new ConfigException("no global VictorOps API Key set");
        }
        key = g.victoropsApiKey();
        keyFile = g.victoropsApiKeyFile();
      }
      return new NotifierConfig.VictorOps(
          p.sendResolved(),
          orGlobal(h, g),
          key,
          keyFile,
          u.withTrailingSlashPath(),
          p.routingKey(),
          p.messageType(),
          p.stateMessage(),
          p.entityDisplayName(),
          p.monitoringTool(),
          p.customFields());
    };
  }

  static Pending<NotifierConfig.Sns> sns(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = true;
    HttpClientConfig http = null;
    String apiUrl = "";
    NotifierConfig.SigV4 sigv4 = new NotifierConfig.SigV4("", "", Secret.EMPTY, "", "");
    String topicArn = "";
    String phoneNumber = "";
    String targetArn = "";
    String subject = tmpl("sns.default.subject");
    String message = tmpl("sns.default.message");
    Map<String, String> attributes = Map.of();
    Decoder d = l.decoder();
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, true);
        case "http_config" -> http = http(l, o, k);
        case "api_url" -> apiUrl = o.str(k);
        case "sigv4" -> {
          if (o.has(k)) {
            sigv4 = sigv4(d.obj(o.raw(k), "sigv4.plain"));
          }
        }
        case "topic_arn" -> topicArn = o.str(k);
        case "phone_number" -> phoneNumber = o.str(k);
        case "target_arn" -> targetArn = o.str(k);
        case "subject" -> subject = o.str(k);
        case "message" -> message = o.str(k);
        case "attributes" -> attributes = o.stringMap(k, "map[string]string");
        default -> {}
      }
    }
    if (o.end() && ((targetArn.isEmpty() != topicArn.isEmpty()) != phoneNumber.isEmpty())) {
      throw new ConfigException(
          "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config");
    }
    NotifierConfig.Sns partial =
        new NotifierConfig.Sns(
            sendResolved,
            HttpClientConfig.DEFAULT,
            apiUrl,
            sigv4,
            topicArn,
            phoneNumber,
            targetArn,
            subject,
            message,
            Map.copyOf(attributes));
    HttpClientConfig h = http;
    return g -> {
      NotifierConfig.Sns p = partial;
      return new NotifierConfig.Sns(
          p.sendResolved(),
          orGlobal(h, g),
          p.apiUrl(),
          p.sigv4(),
          p.topicArn(),
          p.phoneNumber(),
          p.targetArn(),
          p.subject(),
          p.message(),
          p.attributes());
    };
  }

  private static NotifierConfig.SigV4 sigv4(Obj o) throws ConfigException {
    String region = "";
    String accessKey = "";
    Secret secretKey = Secret.EMPTY;
    String profile = "";
    String roleArn = "";
    for (String k : o.keys()) {
      switch (k) {
        case "region" -> region = o.str(k);
        case "access_key" -> accessKey = o.str(k);
        case "secret_key" -> secretKey = secret(o, k);
        case "profile" -> profile = o.str(k);
        case "role_arn" -> roleArn = o.str(k);
        default -> {}
      }
    }
    if (o.end() && accessKey.isEmpty() != secretKey.isEmpty()) {
      throw new ConfigException(
          "must provide a AWS SigV4 Access key and Secret Key if credentials are specified in"
              + " the SigV4 config");
    }
    return new NotifierConfig.SigV4(region, accessKey, secretKey, profile, roleArn);
  }

  static Pending<NotifierConfig.Telegram> telegram(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = true;
    HttpClientConfig http = null;
    ConfigUrl apiUrl = null;
    Secret botToken = Secret.EMPTY;
    long chatId = 0;
    String message = tmpl("telegram.default.message");
    boolean disableNotifications = false;
    String parseMode = "HTML";
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, true);
        case "http_config" -> http = http(l, o, k);
        case "api_url" -> apiUrl = url(o, k, false);
        case "bot_token" -> botToken = secret(o, k);
        case "chat_id" -> chatId = o.integer(k, 0, "int64");
        case "message" -> message = o.str(k);
        case "disable_notifications" -> disableNotifications = o.bool(k, false);
        case "parse_mode" -> parseMode = o.str(k);
        default -> {}
      }
    }
    if (o.end()) {
      if (botToken.isEmpty()) {
        throw new ConfigException("missing bot_token on telegram_config");
      }
      if (chatId == 0) {
        throw new ConfigException("missing chat_id on telegram_config");
      }
      if (!parseMode.isEmpty()
          && !parseMode.equals("Markdown")
          && !parseMode.equals("MarkdownV2")
          && !parseMode.equals("HTML")) {
        throw new ConfigException(
            "unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty"
                + " string");
      }
    }
    NotifierConfig.Telegram partial =
        new NotifierConfig.Telegram(
            sendResolved,
            HttpClientConfig.DEFAULT,
            apiUrl,
            botToken,
            chatId,
            message,
            disableNotifications,
            parseMode);
    HttpClientConfig h = http;
    return g -> {
      NotifierConfig.Telegram p = partial;
      return new NotifierConfig.Telegram(
          p.sendResolved(),
          orGlobal(h, g),
          p.apiUrl() != null ? p.apiUrl() : g.telegramApiUrl(),
          p.botToken(),
          p.chatId(),
          p.message(),
          p.disableNotifications(),
          p.parseMode());
    };
  }

  static Pending<NotifierConfig.Webex> webex(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = true;
    HttpClientConfig http = null;
    ConfigUrl apiUrl = null;
    String message = tmpl("webex.default.message");
    String roomId = "";
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, true);
        case "http_config" -> http = http(l, o, k);
        case "api_url" -> apiUrl = url(o, k, false);
        case "message" -> message = o.str(k);
        case "room_id" -> roomId = o.str(k);
        default -> {}
      }
    }
    if (o.end()) {
      if (roomId.isEmpty()) {
        throw new ConfigException("missing room_id on webex_config");
      }
      if (http == null || http.authorization() == null) {
        throw new ConfigException("missing webex_configs.http_config.authorization");
      }
    }
    boolean sr = sendResolved;
    HttpClientConfig h = http;
    ConfigUrl u0 = apiUrl;
    String msg = message;
    String room = roomId;
    return g -> {
      ConfigUrl u = u0;
      if (u == null) {
        if (g.webexApiUrl() == null) {
          throw new ConfigException("no global Webex URL set");
        }
        u = g.webexApiUrl();
      }
      return new NotifierConfig.Webex(sr, orGlobal(h, g), u, msg, room);
    };
  }

  static Pending<NotifierConfig.Discord> discord(ConfigLoader l, Obj o) throws ConfigException {
    boolean sendResolved = true;
    HttpClientConfig http = null;
    ConfigUrl webhookUrl = null;
    String title = tmpl("discord.default.title");
    String message = tmpl("discord.default.message");
    for (String k : o.keys()) {
      switch (k) {
        case "send_resolved" -> sendResolved = o.bool(k, true);
        case "http_config" -> http = http(l, o, k);
        case "webhook_url" -> webhookUrl = url(o, k, true);
        case "title" -> title = o.str(k);
        case "message" -> message = o.str(k);
        default -> {}
      }
    }
    o.end();
    boolean sr = sendResolved;
    HttpClientConfig h = http;
    ConfigUrl u = webhookUrl;
    String t = title;
    String m = message;
    return g -> {
      if (u == null) {
        throw new ConfigException("no discord webhook URL provided");
      }
      return new NotifierConfig.Discord(sr, orGlobal(h, g), u, t, m);
    };
  }
}
