package io.argus.alertmanager.config;

import io.argus.alertmanager.config.Decoder.Obj;
import io.argus.alertmanager.matchers.MatcherParser;
import io.argus.alertmanager.matchers.Matchers;
import io.argus.alertmanager.timeinterval.InclusiveRange;
import io.argus.alertmanager.timeinterval.TimeInterval;
import io.argus.alertmanager.timeinterval.TimeRange;
import io.argus.model.labels.Matcher;
import io.argus.model.labels.Re2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Loads {@code alertmanager.yml} as Alertmanager 0.25's {@code config.LoadFile}: strict decoding,
 * the validation of every section in upstream's order and with its messages, defaults, and global
 * settings copied into receivers. Thread-safe (each load has its own state).
 */
public final class ConfigLoader {
  private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
  private static final Pattern WECHAT_TYPES = Pattern.compile("^(text|markdown)$");
  private static final Pattern OPSGENIE_TYPES =
      Pattern.compile("^(team|teams|user|escalation|schedule)$");
  private static final List<String> VICTOROPS_RESERVED =
      List.of(
          "routing_key",
          "message_type",
          "state_message",
          "entity_display_name",
          "monitoring_tool",
          "entity_id",
          "entity_state");

  /** A decoded part whose final form needs the global section (decoded possibly later). */
  @FunctionalInterface
  interface Pending<T> {
    T resolve(GlobalConfig global) throws ConfigException;
  }

  private record PendingReceiver(
      String name,
      List<Pending<NotifierConfig.Discord>> discord,
      List<Pending<NotifierConfig.Email>> email,
      List<Pending<NotifierConfig.Pagerduty>> pagerduty,
      List<Pending<NotifierConfig.Slack>> slack,
      List<Pending<NotifierConfig.Webhook>> webhook,
      List<Pending<NotifierConfig.OpsGenie>> opsgenie,
      List<Pending<NotifierConfig.Wechat>> wechat,
      List<Pending<NotifierConfig.Pushover>> pushover,
      List<Pending<NotifierConfig.VictorOps>> victorops,
      List<Pending<NotifierConfig.Sns>> sns,
      List<Pending<NotifierConfig.Telegram>> telegram,
      List<Pending<NotifierConfig.Webex>> webex) {}

  private final Decoder d = new Decoder();
  private final ZoneId localZone;
  private final @Nullable Path baseDir;

  private ConfigLoader(ZoneId localZone, @Nullable Path baseDir) {
    this.localZone = localZone;
    this.baseDir = baseDir;
  }

  /**
   * Loads a file; relative template paths are joined to the file's directory.
   *
   * @param localZone the zone time intervals with {@code location: Local} use
   * @throws IOException when the file cannot be read (Go's {@code open …} message)
   */
  public static AlertmanagerConfig loadFile(Path file, ZoneId localZone)
      throws IOException, ConfigException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    AlertmanagerConfig c =
        new ConfigLoader(localZone, file.getParent() == null ? Path.of("") : file.getParent())
            .decode(text);
    Path base = file.getParent() == null ? Path.of("") : file.getParent();
    List<String> templates = new ArrayList<>();
    for (String t : c.templates()) {
      templates.add(t.isEmpty() || Path.of(t).isAbsolute() ? t : goJoin(base, t));
    }
    return new AlertmanagerConfig(
        c.global(),
        c.route(),
        c.inhibitRules(),
        c.receivers(),
        List.copyOf(templates),
        c.muteTimeIntervals(),
        c.timeIntervals(),
        c.original());
  }

  /** Go's {@code filepath.Join(dir, p)}: cleaned, "." for an empty directory dropped. */
  private static String goJoin(Path base, String p) {
    String joined = base.toString().isEmpty() ? p : base + "/" + p;
    return Path.of(joined).normalize().toString();
  }

  /**
   * Loads configuration text.
   *
   * @throws ConfigException with upstream's message
   */
  public static AlertmanagerConfig load(String yaml, ZoneId localZone) throws ConfigException {
    return new ConfigLoader(localZone, null).decode(yaml);
  }

  private AlertmanagerConfig decode(String yaml) throws ConfigException {
    YamlNode root = YamlNode.parse(yaml);
    if (Decoder.isNull(root)) {
      throw new ConfigException("no route provided in config");
    }
    Obj o = d.obj(root, "config.plain");
    GlobalConfig global = GlobalConfig.defaults();
    RouteConfig route = null;
    List<InhibitRuleConfig> inhibitRules = List.of();
    List<PendingReceiver> receivers = List.of();
    List<String> templates = List.of();
    List<NamedTimeInterval> muteTimeIntervals = List.of();
    List<NamedTimeInterval> timeIntervals = List.of();
    for (String k : o.keys()) {
      switch (k) {
        case "global" -> {
          if (o.has(k)) {
            global = decodeGlobal(d.obj(o.raw(k), "config.plain"));
          }
        }
        case "route" -> route = o.has(k) ? decodeRoute(d.obj(o.raw(k), "config.plain")) : null;
        case "inhibit_rules" ->
            inhibitRules =
                o.list(k, "[]*config.InhibitRule", n -> decodeInhibit(d.obj(n, "config.plain")));
        case "receivers" ->
            receivers =
                o.list(k, "[]*config.Receiver", n -> decodeReceiver(d.obj(n, "config.plain")));
        case "templates" -> templates = o.strings(k, "[]string");
        case "mute_time_intervals" ->
            muteTimeIntervals =
                o.list(
                    k,
                    "[]config.MuteTimeInterval",
                    n -> decodeNamedInterval(d.obj(n, "config.plain"), "mute time interval"));
        case "time_intervals" ->
            timeIntervals =
                o.list(
                    k,
                    "[]config.TimeInterval",
                    n -> decodeNamedInterval(d.obj(n, "config.plain"), "time interval"));
        default -> {}
      }
    }
    o.end();
    d.throwCollected();
    List<Receiver> resolved =
        validateConfig(global, route, receivers, muteTimeIntervals, timeIntervals);
    assert route != null;
    if (route.continueMatching()) {
      throw new ConfigException("cannot have continue in root route");
    }
    return new AlertmanagerConfig(
        global,
        route,
        List.copyOf(inhibitRules),
        resolved,
        List.copyOf(templates),
        List.copyOf(muteTimeIntervals),
        List.copyOf(timeIntervals),
        yaml);
  }

  // ---------------------------------------------------------------- config-level validation

  private List<Receiver> validateConfig(
      GlobalConfig g,
      @Nullable RouteConfig route,
      List<PendingReceiver> receivers,
      List<NamedTimeInterval> muteTimeIntervals,
      List<NamedTimeInterval> timeIntervals)
      throws ConfigException {
    if (g.slackApiUrl() != null && !g.slackApiUrlFile().isEmpty()) {
      throw new ConfigException(
          "at most one of slack_api_url & slack_api_url_file must be configured");
    }
    if (!g.opsgenieApiKey().isEmpty() && !g.opsgenieApiKeyFile().isEmpty()) {
      throw new ConfigException(
          "at most one of opsgenie_api_key & opsgenie_api_key_file must be configured");
    }
    if (!g.victoropsApiKey().isEmpty() && !g.victoropsApiKeyFile().isEmpty()) {
      throw new ConfigException(
          "at most one of victorops_api_key & victorops_api_key_file must be configured");
    }
    if (!g.smtpAuthPassword().isEmpty() && !g.smtpAuthPasswordFile().isEmpty()) {
      throw new ConfigException(
          "at most one of smtp_auth_password & smtp_auth_password_file must be configured");
    }
    Set<String> names = new HashSet<>();
    List<Receiver> out = new ArrayList<>();
    for (PendingReceiver r : receivers) {
      if (names.contains(r.name())) {
        throw new ConfigException(
            "notification config name " + GoStrings.quote(r.name()) + " is not unique");
      }
      // Upstream resolves the kinds in this order, so its first error wins in this order.
      List<NotifierConfig.Webhook> webhook = resolveAll(r.webhook(), g);
      List<NotifierConfig.Email> email = resolveAll(r.email(), g);
      List<NotifierConfig.Slack> slack = resolveAll(r.slack(), g);
      List<NotifierConfig.Pushover> pushover = resolveAll(r.pushover(), g);
      List<NotifierConfig.Pagerduty> pagerduty = resolveAll(r.pagerduty(), g);
      List<NotifierConfig.OpsGenie> opsgenie = resolveAll(r.opsgenie(), g);
      List<NotifierConfig.Wechat> wechat = resolveAll(r.wechat(), g);
      List<NotifierConfig.VictorOps> victorops = resolveAll(r.victorops(), g);
      List<NotifierConfig.Sns> sns = resolveAll(r.sns(), g);
      List<NotifierConfig.Telegram> telegram = resolveAll(r.telegram(), g);
      List<NotifierConfig.Discord> discord = resolveAll(r.discord(), g);
      List<NotifierConfig.Webex> webex = resolveAll(r.webex(), g);
      names.add(r.name());
      out.add(
          new Receiver(
              r.name(), discord, email, pagerduty, slack, webhook, opsgenie, wechat, pushover,
              victorops, sns, telegram, webex));
    }
    if (route == null) {
      throw new ConfigException("no routes provided");
    }
    if (route.receiver().isEmpty()) {
      throw new ConfigException("root route must specify a default receiver");
    }
    if (!route.matchers().isEmpty()) {
      throw new ConfigException("root route must not have any matchers");
    }
    if (!route.muteTimeIntervals().isEmpty()) {
      throw new ConfigException("root route must not have any mute time intervals");
    }
    if (!route.activeTimeIntervals().isEmpty()) {
      throw new ConfigException("root route must not have any active time intervals");
    }
    checkReceivers(route, names);
    Set<String> intervalNames = new HashSet<>();
    for (NamedTimeInterval t : muteTimeIntervals) {
      if (!intervalNames.add(t.name())) {
        throw new ConfigException(
            "mute time interval " + GoStrings.quote(t.name()) + " is not unique");
      }
    }
    for (NamedTimeInterval t : timeIntervals) {
      if (!intervalNames.add(t.name())) {
        throw new ConfigException("time interval " + GoStrings.quote(t.name()) + " is not unique");
      }
    }
    checkTimeIntervals(route, intervalNames);
    return List.copyOf(out);
  }

  private static <T> List<T> resolveAll(List<Pending<T>> pending, GlobalConfig g)
      throws ConfigException {
    List<T> out = new ArrayList<>(pending.size());
    for (Pending<T> p : pending) {
      out.add(p.resolve(g));
    }
    return List.copyOf(out);
  }

  private static void checkReceivers(RouteConfig r, Set<String> receivers) throws ConfigException {
    for (RouteConfig child : r.routes()) {
      checkReceivers(child, receivers);
    }
    if (!r.receiver().isEmpty() && !receivers.contains(r.receiver())) {
      throw new ConfigException(
          "undefined receiver " + GoStrings.quote(r.receiver()) + " used in route");
    }
  }

  private static void checkTimeIntervals(RouteConfig r, Set<String> names) throws ConfigException {
    for (RouteConfig child : r.routes()) {
      checkTimeIntervals(child, names);
    }
    for (String n : r.activeTimeIntervals()) {
      if (!names.contains(n)) {
        throw new ConfigException(
            "undefined time interval " + GoStrings.quote(n) + " used in route");
      }
    }
    for (String n : r.muteTimeIntervals()) {
      if (!names.contains(n)) {
        throw new ConfigException(
            "undefined time interval " + GoStrings.quote(n) + " used in route");
      }
    }
  }

  // ---------------------------------------------------------------- global

  private GlobalConfig decodeGlobal(Obj o) throws ConfigException {
    GlobalConfig def = GlobalConfig.defaults();
    long resolveTimeout = def.resolveTimeoutMillis();
    HttpClientConfig http = def.httpConfig();
    String smtpFrom = "";
    String smtpHello = def.smtpHello();
    HostPort smarthost = HostPort.EMPTY;
    String smtpAuthUsername = "";
    Secret smtpAuthPassword = Secret.EMPTY;
    String smtpAuthPasswordFile = "";
    Secret smtpAuthSecret = Secret.EMPTY;
    String smtpAuthIdentity = "";
    boolean smtpRequireTls = def.smtpRequireTls();
    ConfigUrl slackApiUrl = null;
    String slackApiUrlFile = "";
    ConfigUrl pagerdutyUrl = def.pagerdutyUrl();
    ConfigUrl opsgenieApiUrl = def.opsgenieApiUrl();
    Secret opsgenieApiKey = Secret.EMPTY;
    String opsgenieApiKeyFile = "";
    ConfigUrl wechatApiUrl = def.wechatApiUrl();
    Secret wechatApiSecret = Secret.EMPTY;
    String wechatApiCorpId = "";
    ConfigUrl victoropsApiUrl = def.victoropsApiUrl();
    Secret victoropsApiKey = Secret.EMPTY;
    String victoropsApiKeyFile = "";
    ConfigUrl telegramApiUrl = def.telegramApiUrl();
    ConfigUrl webexApiUrl = def.webexApiUrl();
    for (String k : o.keys()) {
      switch (k) {
        case "resolve_timeout" -> {
          Long v = o.duration(k);
          resolveTimeout = v == null ? 0 : v;
        }
        case "http_config" -> http = o.has(k) ? decodeHttp(o, k) : null;
        case "smtp_from" -> smtpFrom = o.str(k);
        case "smtp_hello" -> smtpHello = o.str(k);
        case "smtp_smarthost" -> smarthost = hostPort(o, k);
        case "smtp_auth_username" -> smtpAuthUsername = o.str(k);
        case "smtp_auth_password" -> smtpAuthPassword = secret(o, k);
        case "smtp_auth_password_file" -> smtpAuthPasswordFile = o.str(k);
        case "smtp_auth_secret" -> smtpAuthSecret = secret(o, k);
        case "smtp_auth_identity" -> smtpAuthIdentity = o.str(k);
        case "smtp_require_tls" -> smtpRequireTls = o.bool(k, true);
        case "slack_api_url" -> slackApiUrl = url(o, k, true);
        case "slack_api_url_file" -> slackApiUrlFile = o.str(k);
        case "pagerduty_url" -> pagerdutyUrl = url(o, k, false);
        case "opsgenie_api_url" -> opsgenieApiUrl = url(o, k, false);
        case "opsgenie_api_key" -> opsgenieApiKey = secret(o, k);
        case "opsgenie_api_key_file" -> opsgenieApiKeyFile = o.str(k);
        case "wechat_api_url" -> wechatApiUrl = url(o, k, false);
        case "wechat_api_secret" -> wechatApiSecret = secret(o, k);
        case "wechat_api_corp_id" -> wechatApiCorpId = o.str(k);
        case "victorops_api_url" -> victoropsApiUrl = url(o, k, false);
        case "victorops_api_key" -> victoropsApiKey = secret(o, k);
        case "victorops_api_key_file" -> victoropsApiKeyFile = o.str(k);
        case "telegram_api_url" -> telegramApiUrl = url(o, k, false);
        case "webex_api_url" -> webexApiUrl = url(o, k, false);
        default -> {}
      }
    }
    o.end();
    return new GlobalConfig(
        resolveTimeout,
        http == null ? HttpClientConfig.DEFAULT : http,
        smtpFrom,
        smtpHello,
        smarthost,
        smtpAuthUsername,
        smtpAuthPassword,
        smtpAuthPasswordFile,
        smtpAuthSecret,
        smtpAuthIdentity,
        smtpRequireTls,
        slackApiUrl,
        slackApiUrlFile,
        pagerdutyUrl,
        opsgenieApiUrl,
        opsgenieApiKey,
        opsgenieApiKeyFile,
        wechatApiUrl,
        wechatApiSecret,
        wechatApiCorpId,
        victoropsApiUrl,
        victoropsApiKey,
        victoropsApiKeyFile,
        telegramApiUrl,
        webexApiUrl);
  }

  // ---------------------------------------------------------------- scalars

  private static Secret secret(Obj o, String k) {
    return new Secret(o.str(k, "", "config.plain"));
  }

  private static @Nullable ConfigUrl url(Obj o, String k, boolean secret) throws ConfigException {
    String s = o.strOrNull(k);
    return s == null ? null : ConfigUrl.parse(s, secret);
  }

  private static HostPort hostPort(Obj o, String k) throws ConfigException {
    String s = o.strOrNull(k);
    return s == null ? HostPort.EMPTY : HostPort.parse(s);
  }

  private static boolean isLabelName(String s) {
    return LABEL_NAME.matcher(s).matches();
  }

  /** Go's regexp compile of {@code ^(?:re)$}, with its error message. */
  private static void compileAnchored(String re) throws ConfigException {
    try {
      Re2.compile("^(?:" + re + ")$");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(String.valueOf(e.getMessage()));
    }
  }

  // ---------------------------------------------------------------- matchers

  /** {@code matchers:} lines, each a matcher list; sorted as upstream. */
  private List<Matcher> matcherLines(Obj o, String k) throws ConfigException {
    List<String> lines = o.strings(k, "[]string");
    List<Matcher> out = new ArrayList<>();
    for (String line : lines) {
      try {
        out.addAll(MatcherParser.parseMatchers(line));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(String.valueOf(e.getMessage()));
      }
    }
    return out;
  }

  /** A legacy {@code match_re} map (type MatchRegexps), validated as upstream. */
  private Map<String, String> matchRegexps(Obj o, String k) throws ConfigException {
    Map<String, String> m = o.stringMap(k, "config.plain");
    YamlNode raw = o.raw(k);
    if (raw instanceof YamlNode.MapNode map) {
      for (YamlNode.Entry e : map.entries().values()) {
        if (!Decoder.isNull(e.value()) && e.value() instanceof YamlNode.ScalarNode) {
          compileAnchored(m.get(e.key()));
        }
      }
      for (YamlNode.Entry e : map.entries().values()) {
        if (!isLabelName(e.key())) {
          throw new ConfigException("invalid label name " + GoStrings.quote(e.key()));
        }
        if (Decoder.isNull(e.value())) {
          throw new ConfigException("invalid regexp value for " + GoStrings.quote(e.key()));
        }
      }
    }
    return m;
  }

  private static List<Matcher> legacyMatchers(Map<String, String> eq, Map<String, String> re) {
    List<Matcher> out = new ArrayList<>();
    eq.forEach((n, v) -> out.add(Matcher.equal(n, v)));
    re.forEach((n, v) -> out.add(Matcher.regex(n, v)));
    return out;
  }

  private static void checkLabelNames(Map<String, String> m) throws ConfigException {
    for (String k : m.keySet()) {
      if (!isLabelName(k)) {
        throw new ConfigException("invalid label name " + GoStrings.quote(k));
      }
    }
  }

  // ---------------------------------------------------------------- route

  private RouteConfig decodeRoute(Obj o) throws ConfigException {
    String receiver = "";
    List<String> groupByStr = List.of();
    Map<String, String> match = Map.of();
    Map<String, String> matchRe = Map.of();
    List<Matcher> matchers = List.of();
    List<String> mute = List.of();
    List<String> active = List.of();
    boolean cont = false;
    List<RouteConfig> routes = List.of();
    Long groupWait = null;
    Long groupInterval = null;
    Long repeatInterval = null;
    for (String k : o.keys()) {
      switch (k) {
        case "receiver" -> receiver = o.str(k);
        case "group_by" -> groupByStr = o.strings(k, "[]string");
        case "match" -> match = o.stringMap(k, "map[string]string");
        case "match_re" -> matchRe = matchRegexps(o, k);
        case "matchers" -> matchers = matcherLines(o, k);
        case "mute_time_intervals" -> mute = o.strings(k, "[]string");
        case "active_time_intervals" -> active = o.strings(k, "[]string");
        case "continue" -> cont = o.bool(k, false);
        case "routes" ->
            routes = o.list(k, "[]*config.Route", n -> decodeRoute(d.obj(n, "config.plain")));
        case "group_wait" -> groupWait = o.duration(k);
        case "group_interval" -> groupInterval = o.duration(k);
        case "repeat_interval" -> repeatInterval = o.duration(k);
        default -> {}
      }
    }
    List<String> groupBy = new ArrayList<>();
    boolean groupByAll = false;
    if (o.end()) {
      checkLabelNames(match);
      for (String l : groupByStr) {
        if (l.equals("...")) {
          groupByAll = true;
        } else {
          if (!isLabelName(l)) {
            throw new ConfigException(
                "invalid label name " + GoStrings.quote(l) + " in group_by list");
          }
          groupBy.add(l);
        }
      }
      if (!groupBy.isEmpty() && groupByAll) {
        throw new ConfigException(
            "cannot have wildcard group_by (`...`) and other other labels at the same time");
      }
      Set<String> seen = new HashSet<>();
      for (String l : groupBy) {
        if (!seen.add(l)) {
          throw new ConfigException("duplicated label " + GoStrings.quote(l) + " in group_by");
        }
      }
      if (groupInterval != null && groupInterval == 0) {
        throw new ConfigException("group_interval cannot be zero");
      }
      if (repeatInterval != null && repeatInterval == 0) {
        throw new ConfigException("repeat_interval cannot be zero");
      }
    }
    List<Matcher> all = legacyMatchers(match, matchRe);
    all.addAll(matchers);
    return new RouteConfig(
        receiver,
        List.copyOf(groupBy),
        groupByAll,
        Matchers.sorted(all),
        List.copyOf(mute),
        List.copyOf(active),
        cont,
        List.copyOf(routes),
        groupWait,
        groupInterval,
        repeatInterval,
        new WrittenMatchers(Map.copyOf(match), Map.copyOf(matchRe), Matchers.sorted(matchers)));
  }

  // ---------------------------------------------------------------- inhibit rules

  private InhibitRuleConfig decodeInhibit(Obj o) throws ConfigException {
    Map<String, String> sourceMatch = Map.of();
    Map<String, String> sourceMatchRe = Map.of();
    List<Matcher> sourceMatchers = List.of();
    Map<String, String> targetMatch = Map.of();
    Map<String, String> targetMatchRe = Map.of();
    List<Matcher> targetMatchers = List.of();
    List<String> equal = List.of();
    for (String k : o.keys()) {
      switch (k) {
        case "source_match" -> sourceMatch = o.stringMap(k, "map[string]string");
        case "source_match_re" -> sourceMatchRe = matchRegexps(o, k);
        case "source_matchers" -> sourceMatchers = matcherLines(o, k);
        case "target_match" -> targetMatch = o.stringMap(k, "map[string]string");
        case "target_match_re" -> targetMatchRe = matchRegexps(o, k);
        case "target_matchers" -> targetMatchers = matcherLines(o, k);
        case "equal" -> {
          equal = o.strings(k, "model.LabelNames");
          for (String n : equal) {
            if (!isLabelName(n)) {
              throw new ConfigException(GoStrings.quote(n) + " is not a valid label name");
            }
          }
        }
        default -> {}
      }
    }
    if (o.end()) {
      checkLabelNames(sourceMatch);
      checkLabelNames(targetMatch);
    }
    List<Matcher> source = legacyMatchers(sourceMatch, sourceMatchRe);
    source.addAll(sourceMatchers);
    List<Matcher> target = legacyMatchers(targetMatch, targetMatchRe);
    target.addAll(targetMatchers);
    return new InhibitRuleConfig(
        List.copyOf(source),
        List.copyOf(target),
        List.copyOf(equal),
        new WrittenMatchers(
            Map.copyOf(sourceMatch), Map.copyOf(sourceMatchRe), Matchers.sorted(sourceMatchers)),
        new WrittenMatchers(
            Map.copyOf(targetMatch), Map.copyOf(targetMatchRe), Matchers.sorted(targetMatchers)));
  }

  // ---------------------------------------------------------------- time intervals

  private NamedTimeInterval decodeNamedInterval(Obj o, String what) throws ConfigException {
    String name = "";
    List<TimeInterval> intervals = List.of();
    for (String k : o.keys()) {
      switch (k) {
        case "name" -> name = o.str(k);
        case "time_intervals" ->
            intervals =
                o.list(
                    k,
                    "[]timeinterval.TimeInterval",
                    n -> decodeTimeInterval(d.obj(n, "timeinterval.TimeInterval")));
        default -> {}
      }
    }
    if (o.end() && name.isEmpty()) {
      throw new ConfigException("missing name in " + what);
    }
    return new NamedTimeInterval(name, List.copyOf(intervals));
  }

  @FunctionalInterface
  private interface RangeParser {
    InclusiveRange parse(String s);
  }

  private @Nullable List<InclusiveRange> ranges(Obj o, String k, String goType, RangeParser p)
      throws ConfigException {
    if (!o.has(k)) {
      o.raw(k);
      return null;
    }
    return List.copyOf(
        o.list(
            k,
            goType,
            n -> {
              String s = d.scalarText(n, "string");
              try {
                return p.parse(s);
              } catch (IllegalArgumentException e) {
                throw new ConfigException(String.valueOf(e.getMessage()));
              }
            }));
  }

  private TimeInterval decodeTimeInterval(Obj o) throws ConfigException {
    List<TimeRange> times = null;
    List<InclusiveRange> weekdays = null;
    List<InclusiveRange> days = null;
    List<InclusiveRange> months = null;
    List<InclusiveRange> years = null;
    ZoneId location = null;
    String locationName = null;
    for (String k : o.keys()) {
      switch (k) {
        case "times" -> {
          if (o.has(k)) {
            times = List.copyOf(o.list(k, "[]timeinterval.TimeRange", n -> decodeTimeRange(n)));
          }
        }
        case "weekdays" ->
            weekdays = ranges(o, k, "[]timeinterval.WeekdayRange", InclusiveRange::weekdays);
        case "days_of_month" ->
            days = ranges(o, k, "[]timeinterval.DayOfMonthRange", InclusiveRange::daysOfMonth);
        case "months" -> months = ranges(o, k, "[]timeinterval.MonthRange", InclusiveRange::months);
        case "years" -> years = ranges(o, k, "[]timeinterval.YearRange", InclusiveRange::years);
        case "location" -> {
          String s = o.strOrNull(k);
          if (s != null) {
            try {
              location = TimeInterval.loadLocation(s, localZone);
              locationName = TimeInterval.locationName(s);
            } catch (IllegalArgumentException e) {
              throw new ConfigException(String.valueOf(e.getMessage()));
            }
          }
        }
        default -> {}
      }
    }
    o.end();
    return new TimeInterval(times, weekdays, days, months, years, location, locationName);
  }

  private TimeRange decodeTimeRange(YamlNode n) throws ConfigException {
    Obj o = d.obj(n, "timeinterval.yamlTimeRange");
    String start = "";
    String end = "";
    for (String k : o.keys()) {
      switch (k) {
        case "start_time" -> start = o.str(k);
        case "end_time" -> end = o.str(k);
        default -> {}
      }
    }
    if (!o.end()) {
      return new TimeRange(0, 0);
    }
    try {
      return TimeRange.parse(start, end);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(String.valueOf(e.getMessage()));
    }
  }

  // ---------------------------------------------------------------- receivers

  private PendingReceiver decodeReceiver(Obj o) throws ConfigException {
    String name = "";
    List<Pending<NotifierConfig.Discord>> discord = List.of();
    List<Pending<NotifierConfig.Email>> email = List.of();
    List<Pending<NotifierConfig.Pagerduty>> pagerduty = List.of();
    List<Pending<NotifierConfig.Slack>> slack = List.of();
    List<Pending<NotifierConfig.Webhook>> webhook = List.of();
    List<Pending<NotifierConfig.OpsGenie>> opsgenie = List.of();
    List<Pending<NotifierConfig.Wechat>> wechat = List.of();
    List<Pending<NotifierConfig.Pushover>> pushover = List.of();
    List<Pending<NotifierConfig.VictorOps>> victorops = List.of();
    List<Pending<NotifierConfig.Sns>> sns = List.of();
    List<Pending<NotifierConfig.Telegram>> telegram = List.of();
    List<Pending<NotifierConfig.Webex>> webex = List.of();
    for (String k : o.keys()) {
      switch (k) {
        case "name" -> name = o.str(k);
        case "discord_configs" ->
            discord = o.list(k, "[]*config.DiscordConfig", n -> Notifiers.discord(this, obj(n)));
        case "email_configs" ->
            email = o.list(k, "[]*config.EmailConfig", n -> Notifiers.email(this, obj(n)));
        case "pagerduty_configs" ->
            pagerduty =
                o.list(k, "[]*config.PagerdutyConfig", n -> Notifiers.pagerduty(this, obj(n)));
        case "slack_configs" ->
            slack = o.list(k, "[]*config.SlackConfig", n -> Notifiers.slack(this, obj(n)));
        case "webhook_configs" ->
            webhook = o.list(k, "[]*config.WebhookConfig", n -> Notifiers.webhook(this, obj(n)));
        case "opsgenie_configs" ->
            opsgenie = o.list(k, "[]*config.OpsGenieConfig", n -> Notifiers.opsgenie(this, obj(n)));
        case "wechat_configs" ->
            wechat = o.list(k, "[]*config.WechatConfig", n -> Notifiers.wechat(this, obj(n)));
        case "pushover_configs" ->
            pushover = o.list(k, "[]*config.PushoverConfig", n -> Notifiers.pushover(this, obj(n)));
        case "victorops_configs" ->
            victorops =
                o.list(k, "[]*config.VictorOpsConfig", n -> Notifiers.victorops(this, obj(n)));
        case "sns_configs" ->
            sns = o.list(k, "[]*config.SNSConfig", n -> Notifiers.sns(this, obj(n)));
        case "telegram_configs" ->
            telegram = o.list(k, "[]*config.TelegramConfig", n -> Notifiers.telegram(this, obj(n)));
        case "webex_configs" ->
            webex = o.list(k, "[]*config.WebexConfig", n -> Notifiers.webex(this, obj(n)));
        default -> {}
      }
    }
    if (o.end() && name.isEmpty()) {
      throw new ConfigException("missing name in receiver");
    }
    return new PendingReceiver(
        name, discord, email, pagerduty, slack, webhook, opsgenie, wechat, pushover, victorops, sns,
        telegram, webex);
  }

  Obj obj(YamlNode n) {
    return d.obj(n, "config.plain");
  }

  Decoder decoder() {
    return d;
  }

  // ---------------------------------------------------------------- http_config

  /** Decodes an {@code http_config} field of {@code o} and validates it as upstream. */
  @Nullable HttpClientConfig decodeHttp(Obj parent, String key) throws ConfigException {
    Obj o = d.obj(parent.raw(key), "config.plain");
    HttpClientConfig.BasicAuth basic = null;
    HttpClientConfig.Authorization auth = null;
    HttpClientConfig.OAuth2 oauth2 = null;
    Secret bearer = Secret.EMPTY;
    String bearerFile = "";
    String proxyUrl = "";
    Map<String, List<Secret>> proxyHeader = Map.of();
    HttpClientConfig.TlsConfig tls = HttpClientConfig.TlsConfig.NONE;
    boolean follow = true;
    boolean http2 = true;
    for (String k : o.keys()) {
      switch (k) {
        case "basic_auth" -> {
          if (o.has(k)) {
            Obj b = d.obj(o.raw(k), "config.plain");
            String user = "";
            Secret pw = Secret.EMPTY;
            String pwFile = "";
            for (String bk : b.keys()) {
              switch (bk) {
                case "username" -> user = b.str(bk);
                case "password" -> pw = secret(b, bk);
                case "password_file" -> pwFile = b.str(bk);
                default -> {}
              }
            }
            b.end();
            basic = new HttpClientConfig.BasicAuth(user, pw, pwFile);
          } else {
            o.raw(k);
          }
        }
        case "authorization" -> {
          if (o.has(k)) {
            Obj a = d.obj(o.raw(k), "config.Authorization");
            String type = "";
            Secret cred = Secret.EMPTY;
            String credFile = "";
            for (String ak : a.keys()) {
              switch (ak) {
                case "type" -> type = a.str(ak);
                case "credentials" -> cred = secret(a, ak);
                case "credentials_file" -> credFile = a.str(ak);
                default -> {}
              }
            }
            a.end();
            auth = new HttpClientConfig.Authorization(type, cred, credFile);
          } else {
            o.raw(k);
          }
        }
        case "oauth2" -> {
          if (o.has(k)) {
            oauth2 = decodeOAuth2(d.obj(o.raw(k), "config.OAuth2"));
          } else {
            o.raw(k);
          }
        }
        case "bearer_token" -> bearer = secret(o, k);
        case "bearer_token_file" -> bearerFile = o.str(k);
        case "proxy_url" -> proxyUrl = o.str(k);
        case "proxy_connect_header" -> proxyHeader = decodeHeader(o, k);
        case "tls_config" -> tls = decodeTls(d.obj(o.raw(k), "config.plain"));
        case "follow_redirects" -> follow = o.bool(k, true);
        case "enable_http2" -> http2 = o.bool(k, true);
        default -> {}
      }
    }
    if (!o.end()) {
      return HttpClientConfig.DEFAULT;
    }
    if (!bearer.isEmpty() && !bearerFile.isEmpty()) {
      throw new ConfigException(
          "at most one of bearer_token & bearer_token_file must be configured");
    }
    if ((basic != null || oauth2 != null) && (!bearer.isEmpty() || !bearerFile.isEmpty())) {
      throw new ConfigException(
          "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be"
              + " configured");
    }
    if (basic != null && !basic.password().isEmpty() && !basic.passwordFile().isEmpty()) {
      throw new ConfigException(
          "at most one of basic_auth password & password_file must be configured");
    }
    if (auth != null) {
      if (!bearer.isEmpty() || !bearerFile.isEmpty()) {
        throw new ConfigException(
            "authorization is not compatible with bearer_token & bearer_token_file");
      }
      if (!auth.credentials().isEmpty() && !auth.credentialsFile().isEmpty()) {
        throw new ConfigException(
            "at most one of authorization credentials & credentials_file must be configured");
      }
      String type = auth.type().strip();
      if (type.isEmpty()) {
        type = "Bearer";
      }
      if (type.toLowerCase(Locale.ROOT).equals("basic")) {
        throw new ConfigException(
            "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
      }
      if (basic != null || oauth2 != null) {
        throw new ConfigException(
            "at most one of basic_auth, oauth2 & authorization must be configured");
      }
      auth = new HttpClientConfig.Authorization(type, auth.credentials(), auth.credentialsFile());
    } else if (!bearer.isEmpty()) {
      auth = new HttpClientConfig.Authorization("Bearer", bearer, "");
    } else if (!bearerFile.isEmpty()) {
      auth = new HttpClientConfig.Authorization("Bearer", Secret.EMPTY, bearerFile);
    }
    if (oauth2 != null) {
      if (basic != null) {
        throw new ConfigException(
            "at most one of basic_auth, oauth2 & authorization must be configured");
      }
      if (oauth2.clientId().isEmpty()) {
        throw new ConfigException("oauth2 client_id must be configured");
      }
      if (oauth2.clientSecret().isEmpty() && oauth2.clientSecretFile().isEmpty()) {
        throw new ConfigException(
            "either oauth2 client_secret or client_secret_file must be configured");
      }
      if (oauth2.tokenUrl().isEmpty()) {
        throw new ConfigException("oauth2 token_url must be configured");
      }
      if (!oauth2.clientSecret().isEmpty() && !oauth2.clientSecretFile().isEmpty()) {
        throw new ConfigException(
            "at most one of oauth2 client_secret & client_secret_file must be configured");
      }
    }
    if (!proxyHeader.isEmpty() && proxyUrl.isEmpty()) {
      throw new ConfigException(
          "if proxy_connect_header is configured proxy_url must also be configured");
    }
    return resolvePaths(
        new HttpClientConfig(basic, auth, oauth2, proxyUrl, proxyHeader, tls, follow, http2));
  }

  /**
   * Joins the relative file paths of an HTTP client config to the configuration file's directory,
   * as upstream does for the global and the receivers' {@code http_config}.
   */
  private HttpClientConfig resolvePaths(HttpClientConfig h) {
    if (baseDir == null) {
      return h;
    }
    HttpClientConfig.BasicAuth basic = h.basicAuth();
    if (basic != null) {
      basic =
          new HttpClientConfig.BasicAuth(
              basic.username(), basic.password(), join(basic.passwordFile()));
    }
    HttpClientConfig.Authorization auth = h.authorization();
    if (auth != null) {
      auth =
          new HttpClientConfig.Authorization(
              auth.type(), auth.credentials(), join(auth.credentialsFile()));
    }
    HttpClientConfig.OAuth2 o = h.oauth2();
    if (o != null) {
      o =
          new HttpClientConfig.OAuth2(
              o.clientId(),
              o.clientSecret(),
              join(o.clientSecretFile()),
              o.scopes(),
              o.tokenUrl(),
              o.endpointParams(),
              o.proxyUrl(),
              resolvePaths(o.tlsConfig()));
    }
    return new HttpClientConfig(
        basic,
        auth,
        o,
        h.proxyUrl(),
        h.proxyConnectHeader(),
        resolvePaths(h.tlsConfig()),
        h.followRedirects(),
        h.enableHttp2());
  }

  private HttpClientConfig.TlsConfig resolvePaths(HttpClientConfig.TlsConfig t) {
    return new HttpClientConfig.TlsConfig(
        join(t.caFile()),
        join(t.certFile()),
        join(t.keyFile()),
        t.serverName(),
        t.insecureSkipVerify(),
        t.minVersion(),
        t.maxVersion());
  }

  /** Upstream's {@code JoinDir}: empty and absolute paths stay, others join the base dir. */
  private String join(String p) {
    if (baseDir == null || p.isEmpty() || Path.of(p).isAbsolute()) {
      return p;
    }
    return goJoin(baseDir, p);
  }

  private Map<String, List<Secret>> decodeHeader(Obj o, String k) throws ConfigException {
    YamlNode raw = o.raw(k);
    if (Decoder.isNull(raw)) {
      return Map.of();
    }
    if (!(raw instanceof YamlNode.MapNode m)) {
      d.typeError(raw, "config.Header");
      return Map.of();
    }
    Map<String, List<Secret>> out = new LinkedHashMap<>();
    for (YamlNode.Entry e : m.entries().values()) {
      List<Secret> values = new ArrayList<>();
      if (e.value() instanceof YamlNode.SeqNode s) {
        for (YamlNode item : s.items()) {
          values.add(new Secret(d.scalarText(item, "config.plain")));
        }
      } else if (!Decoder.isNull(e.value())) {
        d.typeError(e.value(), "[]config.Secret");
      }
      out.put(e.key(), List.copyOf(values));
    }
    return out;
  }

  private HttpClientConfig.OAuth2 decodeOAuth2(Obj o) throws ConfigException {
    String clientId = "";
    Secret clientSecret = Secret.EMPTY;
    String clientSecretFile = "";
    List<String> scopes = List.of();
    String tokenUrl = "";
    Map<String, String> params = Map.of();
    String proxyUrl = "";
    HttpClientConfig.TlsConfig tls = HttpClientConfig.TlsConfig.NONE;
    for (String k : o.keys()) {
      switch (k) {
        case "client_id" -> clientId = o.str(k);
        case "client_secret" -> clientSecret = secret(o, k);
        case "client_secret_file" -> clientSecretFile = o.str(k);
        case "scopes" -> scopes = o.strings(k, "[]string");
        case "token_url" -> tokenUrl = o.str(k);
        case "endpoint_params" -> params = o.stringMap(k, "map[string]string");
        case "proxy_url" -> proxyUrl = o.str(k);
        case "tls_config" -> tls = decodeTls(d.obj(o.raw(k), "config.plain"));
        default -> {}
      }
    }
    o.end();
    return new HttpClientConfig.OAuth2(
        clientId,
        clientSecret,
        clientSecretFile,
        List.copyOf(scopes),
        tokenUrl,
        Map.copyOf(params),
        proxyUrl,
        tls);
  }

  HttpClientConfig.TlsConfig decodeTls(Obj o) throws ConfigException {
    String ca = "";
    String cert = "";
    String key = "";
    String serverName = "";
    boolean insecure = false;
    String min = "";
    String max = "";
    for (String k : o.keys()) {
      switch (k) {
        case "ca_file" -> ca = o.str(k);
        case "cert_file" -> cert = o.str(k);
        case "key_file" -> key = o.str(k);
        case "server_name" -> serverName = o.str(k);
        case "insecure_skip_verify" -> insecure = o.bool(k, false);
        case "min_version" -> min = tlsVersion(o, k);
        case "max_version" -> max = tlsVersion(o, k);
        default -> {}
      }
    }
    o.end();
    return new HttpClientConfig.TlsConfig(ca, cert, key, serverName, insecure, min, max);
  }

  private static String tlsVersion(Obj o, String k) throws ConfigException {
    String s = o.strOrNull(k);
    if (s == null) {
      return "";
    }
    if (!s.matches("TLS1[0-3]")) {
      throw new ConfigException("unknown TLS version: " + s);
    }
    return s;
  }

  // ---------------------------------------------------------------- validation helpers

  static boolean validOpsgenieType(String t) {
    return OPSGENIE_TYPES.matcher(t).find();
  }

  static boolean validWechatType(String t) {
    return WECHAT_TYPES.matcher(t).find();
  }

  static List<String> victoropsReserved() {
    return VICTOROPS_RESERVED;
  }
}
