package io.argus.web.alertmanager;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertIngestion;
import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertState;
import io.argus.alertmanager.alert.AlertStatus;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.alert.Fingerprints;
import io.argus.alertmanager.alert.GoQuote;
import io.argus.alertmanager.alert.InvalidAlertException;
import io.argus.alertmanager.cluster.ClusterStatus;
import io.argus.alertmanager.config.ConfigYamlWriter;
import io.argus.alertmanager.config.Receiver;
import io.argus.alertmanager.inhibit.InhibitRule;
import io.argus.alertmanager.inhibit.Inhibition;
import io.argus.alertmanager.matchers.MatcherParser;
import io.argus.alertmanager.route.Route;
import io.argus.alertmanager.silence.Silence;
import io.argus.alertmanager.silence.SilenceException;
import io.argus.alertmanager.silence.SilenceQuery;
import io.argus.alertmanager.silence.SilenceState;
import io.argus.alertmanager.silence.Silencer;
import io.argus.alertmanager.silence.Silences;
import io.argus.model.labels.Labels;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.util.Clock;
import io.argus.web.WebHandler;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's API v2 under {@code /api/v2}: alerts, alert groups, silences, status and
 * receivers, with upstream's JSON, defaults, validation messages and status codes; requests to the
 * removed {@code /api/v1} get 410 Gone. Thread-safe; the configuration is read from {@code runtime}
 * on each request so that a reload takes effect at once.
 *
 * <p>Reading alerts updates their status in the {@link AlertMarker} as upstream does: each listed
 * alert is checked against the inhibition rules (with every unresolved alert as a possible source)
 * and against the silences.
 *
 * <p>Alert groups are computed from the route tree and the alert store: each unresolved alert
 * belongs, for every route it matches, to the group of that route and its group labels. This is
 * what upstream's dispatcher holds for alerts it has not yet dropped after resolution.
 */
public final class AlertmanagerApiV2 implements WebHandler {
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerApiV2.class);

  private static final String PREFIX = "/api/v2/";
  private static final Pattern UUID =
      Pattern.compile("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");
  private static final Set<String> TRUE_WORDS =
      Set.of("true", "1", "yes", "ok", "y", "on", "selected", "checked", "t", "enabled");

  private final Clock clock;
  private final AlertStore alerts;
  private final AlertMarker marker;
  private final Silences silences;
  private final Silencer silencer;
  private final Supplier<AlertmanagerRuntime> runtime;
  private final VersionInfo versionInfo;
  private final Instant startTime;
  private final Supplier<ClusterStatus> cluster;

  /** An API for an Alertmanager without a cluster. */
  public AlertmanagerApiV2(
      Clock clock,
      AlertStore alerts,
      AlertMarker marker,
      Silences silences,
      Silencer silencer,
      Supplier<AlertmanagerRuntime> runtime,
      VersionInfo versionInfo,
      Instant startTime) {
    this(
        clock, alerts, marker, silences, silencer, runtime, versionInfo, startTime,
        ClusterStatus::disabled);
  }

  /**
   * @param runtime the current configuration; called on every request
   * @param startTime when the process started, reported as {@code uptime}
   * @param cluster the cluster section of {@code /api/v2/status}; called on every status request
   */
  public AlertmanagerApiV2(
      Clock clock,
      AlertStore alerts,
      AlertMarker marker,
      Silences silences,
      Silencer silencer,
      Supplier<AlertmanagerRuntime> runtime,
      VersionInfo versionInfo,
      Instant startTime,
      Supplier<ClusterStatus> cluster) {
    this.clock = clock;
    this.alerts = alerts;
    this.marker = marker;
    this.silences = silences;
    this.silencer = silencer;
    this.runtime = runtime;
    this.versionInfo = versionInfo;
    this.startTime = startTime;
    this.cluster = cluster;
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  @Override
  public @Nullable WebResponse handle(WebRequest r) {
    String path = r.path();
    if (path.equals("/api/v1") || path.startsWith("/api/v1/")) {
      return WebResponse.text(
          410,
          "The Alertmanager v1 API was deprecated in version 0.16.0 and is removed as of version"
              + " 0.27.0 - please use the equivalent route in the v2 API\n");
    }
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    String rest = path.substring(PREFIX.length());
    String m = r.method();
    return switch (rest) {
      case "status" -> only(m, "GET", () -> status());
      case "receivers" -> only(m, "GET", () -> receivers());
      case "alerts" ->
          switch (m) {
            case "GET", "HEAD" -> getAlerts(r);
            case "POST" -> postAlerts(r);
            default -> notAllowed(m, "POST,GET");
          };
      case "alerts/groups" -> only(m, "GET", () -> getAlertGroups(r));
      case "silences" ->
          switch (m) {
            case "GET", "HEAD" -> getSilences(r);
            case "POST" -> postSilence(r);
            default -> notAllowed(m, "GET,POST");
          };
      default -> {
        if (rest.startsWith("silence/") && rest.indexOf('/', 8) < 0) {
          String id = rest.substring(8);
          yield switch (m) {
            case "GET", "HEAD" -> getSilence(id);
            case "DELETE" -> deleteSilence(id);
            default -> notAllowed(m, "GET,DELETE");
          };
        }
        yield ApiV2Json.swaggerError(404, 404, "path " + path + " was not found");
      }
    };
  }

  private static WebResponse only(String method, String allowed, Supplier<WebResponse> h) {
    if (method.equals(allowed) || (allowed.equals("GET") && method.equals("HEAD"))) {
      return h.get();
    }
    return notAllowed(method, allowed);
  }

  private static WebResponse notAllowed(String method, String allowed) {
    return ApiV2Json.swaggerError(
        405, 405, "method " + method + " is not allowed, but [" + allowed + "] are");
  }

  // ---- status and receivers

  private WebResponse status() {
    ObjectNode o = ApiV2Json.MAPPER.createObjectNode();
    ClusterStatus cs = cluster.get();
    ObjectNode c = o.putObject("cluster");
    if (!cs.name().isEmpty()) {
      c.put("name", cs.name());
    }
    ArrayNode peers = c.putArray("peers");
    for (ClusterStatus.Peer p : cs.peers()) {
      peers.addObject().put("address", p.address()).put("name", p.name());
    }
    c.put("status", cs.status());
    o.putObject("config").put("original", ConfigYamlWriter.write(runtime.get().config()));
    o.put("uptime", ApiV2Json.time(startTime));
    ObjectNode v = o.putObject("versionInfo");
    v.put("branch", versionInfo.branch());
    v.put("buildDate", versionInfo.buildDate());
    v.put("buildUser", versionInfo.buildUser());
    v.put("goVersion", versionInfo.goVersion());
    v.put("revision", versionInfo.revision());
    v.put("version", versionInfo.version());
    return ApiV2Json.json(200, o);
  }

  private WebResponse receivers() {
    ArrayNode a = ApiV2Json.MAPPER.createArrayNode();
    for (Receiver rc : runtime.get().config().receivers()) {
      a.addObject().put("name", rc.name());
    }
    return ApiV2Json.json(200, a);
  }

  // ---- alerts

  /** A parse failure of a query parameter, answered with 400 and the message as JSON string. */
  private static final class BadParam extends Exception {
    BadParam(String message) {
      super(message);
    }
  }

  private static List<Matcher> filters(WebRequest r) throws BadParam {
    List<Matcher> out = new ArrayList<>();
    for (String f : r.params("filter")) {
      try {
        out.add(MatcherParser.parseMatcher(f));
      } catch (IllegalArgumentException e) {
        throw new BadParam(e.getMessage());
      }
    }
    return out;
  }

  private static @Nullable Matcher receiverFilter(WebRequest r) throws BadParam {
    if (!r.params().containsKey("receiver")) {
      return null;
    }
    String value = r.param("receiver");
    try {
      return Matcher.of(MatchType.REGEX, "receiver", value);
    } catch (IllegalArgumentException e) {
      // Upstream compiles the anchored expression, and Go quotes it whole when the error concerns
      // the whole expression.
      String msg = String.valueOf(e.getMessage());
      String whole = "`" + value + "`";
      if (msg.endsWith(whole)) {
        msg = msg.substring(0, msg.length() - whole.length()) + "`^(?:" + value + ")$`";
      }
      throw new BadParam("failed to parse receiver param: " + msg);
    }
  }

  /** go-swagger's boolean query parameters: default true, true only for its words of yes. */
  private static boolean flag(WebRequest r, String name) {
    if (!r.params().containsKey(name)) {
      return true;
    }
    return TRUE_WORDS.contains(r.param(name).toLowerCase(Locale.ROOT));
  }

  private static boolean matchesFilters(List<Matcher> filters, Labels labels) {
    for (Matcher m : filters) {
      if (!m.matches(labels.getOrEmpty(m.name()))) {
        return false;
      }
    }
    return true;
  }

  /** Unresolved alerts' label sets: the possible inhibition sources now. */
  /**
   * The alerts that may inhibit others now: not resolved and a source of some rule (only those can
   * inhibit, and the list is scanned once per alert shown).
   */
  private static List<Labels> firing(List<Alert> all, Instant now, Inhibition inhibition) {
    List<Labels> out = new ArrayList<>();
    for (Alert a : all) {
      if (a.resolvedAt(now)) {
        continue;
      }
      for (InhibitRule rule : inhibition.rules()) {
        if (rule.isSource(a.labels())) {
          out.add(a.labels());
          break;
        }
      }
    }
    return out;
  }

  /** Marks the alert's inhibition and silencing as upstream's {@code setAlertStatus} does. */
  private AlertStatus updateStatus(Alert a, Inhibition inhibition, List<Labels> firing) {
    List<String> inhibitedBy =
        inhibition
            .inhibitedBy(a.labels(), firing)
            .map(mt -> List.of(Fingerprints.toHex(Fingerprints.of(mt.source()))))
            .orElse(List.of());
    marker.setInhibited(a.fingerprint(), inhibitedBy);
    silencer.mutes(a.labels());
    return marker.status(a.fingerprint());
  }

  private static List<String> receiverNames(Route route, Labels labels) {
    List<String> out = new ArrayList<>();
    for (Route rt : route.match(labels)) {
      out.add(rt.opts().receiver());
    }
    return out;
  }

  private WebResponse getAlerts(WebRequest r) {
    List<Matcher> filters;
    Matcher receiver;
    try {
      filters = filters(r);
      receiver = receiverFilter(r);
    } catch (BadParam e) {
      return ApiV2Json.message(400, e.getMessage());
    }
    boolean active = flag(r, "active");
    boolean silenced = flag(r, "silenced");
    boolean inhibited = flag(r, "inhibited");
    boolean unprocessed = flag(r, "unprocessed");
    AlertmanagerRuntime rt = runtime.get();
    Instant now = now();
    List<Alert> all = alerts.list();
    List<Labels> firing = firing(all, now, rt.inhibition());
    all.sort(Comparator.comparing(a -> Fingerprints.toHex(a.fingerprint())));
    ArrayNode out = ApiV2Json.MAPPER.createArrayNode();
    for (Alert a : all) {
      List<String> receivers = receiverNames(rt.route(), a.labels());
      if (receiver != null && receivers.stream().noneMatch(receiver::matches)) {
        continue;
      }
      if (!matchesFilters(filters, a.labels()) || a.resolvedAt(now)) {
        continue;
      }
      AlertStatus st = updateStatus(a, rt.inhibition(), firing);
      if ((!active && st.state() == AlertState.ACTIVE)
          || (!unprocessed && st.state() == AlertState.UNPROCESSED)
          || (!silenced && !st.silencedBy().isEmpty())
          || (!inhibited && !st.inhibitedBy().isEmpty())) {
        continue;
      }
      out.add(ApiV2Json.alert(a, st, receivers));
    }
    return ApiV2Json.json(200, out);
  }

  private record GroupKey(Route route, Labels labels) {}

  /** Upstream's alert order in a group: by job, then instance, then the label sets. */
  private static final Comparator<Alert> GROUP_ALERT_ORDER =
      (x, y) -> {
        for (String key : List.of("job", "instance")) {
          String xv = x.labels().get(key);
          String yv = y.labels().get(key);
          if (xv == null && yv == null) {
            continue;
          }
          if (xv == null) {
            return 1;
          }
          if (yv == null) {
            return -1;
          }
          int c = xv.compareTo(yv);
          if (c != 0) {
            return c;
          }
        }
        return x.labels().compareTo(y.labels());
      };

  private WebResponse getAlertGroups(WebRequest r) {
    List<Matcher> filters;
    Matcher receiver;
    try {
      filters = filters(r);
      receiver = receiverFilter(r);
    } catch (BadParam e) {
      return ApiV2Json.message(400, e.getMessage());
    }
    boolean active = flag(r, "active");
    boolean silenced = flag(r, "silenced");
    boolean inhibited = flag(r, "inhibited");
    AlertmanagerRuntime rt = runtime.get();
    Instant now = now();
    List<Alert> all = alerts.list();
    List<Labels> firing = firing(all, now, rt.inhibition());
    Map<GroupKey, List<Alert>> groups = new LinkedHashMap<>();
    Map<Long, List<String>> receiversByAlert = new HashMap<>();
    Map<Long, AlertStatus> statuses = new HashMap<>();
    for (Alert a : all) {
      if (a.resolvedAt(now)) {
        continue;
      }
      for (Route route : rt.route().match(a.labels())) {
        String name = route.opts().receiver();
        if (receiver != null && !receiver.matches(name)) {
          continue;
        }
        AlertStatus st = updateStatus(a, rt.inhibition(), firing);
        if ((!active && st.state() == AlertState.ACTIVE)
            || (!silenced && !st.silencedBy().isEmpty())
            || (!inhibited && !st.inhibitedBy().isEmpty())
            || !matchesFilters(filters, a.labels())) {
          continue;
        }
        statuses.put(a.fingerprint(), st);
        receiversByAlert.computeIfAbsent(a.fingerprint(), k -> new ArrayList<>()).add(name);
        groups
            .computeIfAbsent(
                new GroupKey(route, route.groupLabels(a.labels())), k -> new ArrayList<>())
            .add(a);
      }
    }
    receiversByAlert.values().forEach(l -> l.sort(null));
    List<Map.Entry<GroupKey, List<Alert>>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(
        Comparator.comparing((Map.Entry<GroupKey, List<Alert>> e) -> e.getKey().labels())
            .thenComparing(e -> e.getKey().route().opts().receiver()));
    ArrayNode out = ApiV2Json.MAPPER.createArrayNode();
    for (Map.Entry<GroupKey, List<Alert>> e : sorted) {
      ObjectNode g = out.addObject();
      ArrayNode as = g.putArray("alerts");
      List<Alert> members = e.getValue();
      members.sort(GROUP_ALERT_ORDER);
      for (Alert a : members) {
        as.add(
            ApiV2Json.alert(
                a, statuses.get(a.fingerprint()), receiversByAlert.get(a.fingerprint())));
      }
      ObjectNode labels = g.putObject("labels");
      e.getKey().labels().forEach(labels::put);
      g.putObject("receiver").put("name", e.getKey().route().opts().receiver());
    }
    return ApiV2Json.json(200, out);
  }

  private WebResponse postAlerts(WebRequest r) {
    JsonNode body;
    try {
      body = ApiV2Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      return parseFailure("alerts", e);
    }
    if (body == null || body.isMissingNode() || body.isNull()) {
      return ApiV2Json.swaggerError(422, 602, "alerts in body is required");
    }
    if (!body.isArray()) {
      return ApiV2Json.swaggerError(
          400,
          400,
          "parsing alerts body from \"\" failed, because json: cannot unmarshal "
              + jsonType(body)
              + " into Go value of type models.PostableAlerts");
    }
    Instant now = now();
    AlertmanagerRuntime rt = runtime.get();
    List<Alert> valid = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      JsonNode n = body.get(i);
      if (!n.isObject()) {
        return ApiV2Json.swaggerError(
            400,
            400,
            "parsing alerts body from \"\" failed, because json: cannot unmarshal "
                + jsonType(n)
                + " into Go value of type models.PostableAlert");
      }
      JsonNode labels = n.get("labels");
      if (labels == null || labels.isNull()) {
        return ApiV2Json.swaggerError(422, 602, i + ".labels in body is required");
      }
      Alert a;
      try {
        a =
            AlertIngestion.prepare(
                stringMap(labels, "labels"),
                stringMap(n.get("annotations"), "annotations"),
                optTime(n, "startsAt"),
                optTime(n, "endsAt"),
                n.hasNonNull("generatorURL") ? n.get("generatorURL").asText() : "",
                now,
                rt.resolveTimeout());
      } catch (BadParam e) {
        return ApiV2Json.swaggerError(
            400, 400, "parsing alerts body from \"\" failed, because " + e.getMessage());
      }
      try {
        a.validate();
        valid.add(a);
      } catch (InvalidAlertException e) {
        problems.add(e.getMessage());
      }
    }
    try {
      alerts.put(valid);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ApiV2Json.message(500, "storing alerts interrupted");
    }
    if (!problems.isEmpty()) {
      log.atDebug().addKeyValue("invalid", problems.size()).log("rejected invalid alerts");
      return ApiV2Json.message(400, String.join("; ", problems));
    }
    return WebResponse.empty(200);
  }

  private static WebResponse parseFailure(String what, IOException e) {
    // Go's decoder reports a truncated body as "unexpected EOF".
    String msg =
        e instanceof JsonEOFException
            ? "unexpected EOF"
            : e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl);
    }
    return ApiV2Json.swaggerError(
        400, 400, "parsing " + what + " body from \"\" failed, because " + msg);
  }

  private static String jsonType(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT -> "object";
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "bool";
      default -> "null";
    };
  }

  private static Map<String, String> stringMap(@Nullable JsonNode n, String field) throws BadParam {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw new BadParam(
          "json: cannot unmarshal " + jsonType(n) + " into Go struct field ." + field);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new BadParam(
            "json: cannot unmarshal "
                + jsonType(e.getValue())
                + " into Go struct field ."
                + field
                + " of type string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static @Nullable Instant optTime(JsonNode n, String field) throws BadParam {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      return ApiV2Json.parseTime(v.asText());
    } catch (DateTimeParseException e) {
      throw new BadParam(
          "parsing time " + v.toString() + " as \"2006-01-02T15:04:05Z07:00\": " + e.getMessage());
    }
  }

  // ---- silences

  private WebResponse getSilences(WebRequest r) {
    List<Matcher> filters;
    try {
      filters = filters(r);
    } catch (BadParam e) {
      return ApiV2Json.message(400, e.getMessage());
    }
    Instant now = now();
    List<Silence> selected = new ArrayList<>();
    for (Silence s : silences.query(SilenceQuery.ALL).silences()) {
      if (silenceMatchesFilters(s, filters)) {
        selected.add(s);
      }
    }
    selected.sort(silenceOrder(now));
    ArrayNode out = ApiV2Json.MAPPER.createArrayNode();
    for (Silence s : selected) {
      out.add(ApiV2Json.silence(s, now));
    }
    return ApiV2Json.json(200, out);
  }

  /**
   * Upstream's filter on silences, as Debian's 0.25 answers: every filter matcher must equal one of
   * the silence's matchers (name, operator and value).
   */
  private static boolean silenceMatchesFilters(Silence s, List<Matcher> filters) {
    for (Matcher f : filters) {
      boolean found = false;
      for (Matcher m : s.matchers()) {
        if (m.type() == f.type() && m.name().equals(f.name()) && m.value().equals(f.value())) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /**
   * Active first (ending soonest first), then pending (starting soonest), then expired (latest).
   */
  static Comparator<Silence> silenceOrder(Instant now) {
    return (a, b) -> {
      SilenceState sa = a.state(now);
      SilenceState sb = b.state(now);
      if (sa != sb) {
        return Integer.compare(rank(sa), rank(sb));
      }
      return switch (sa) {
        case ACTIVE -> a.endsAt().compareTo(b.endsAt());
        case PENDING -> a.startsAt().compareTo(b.startsAt());
        case EXPIRED -> b.endsAt().compareTo(a.endsAt());
      };
    };
  }

  private static int rank(SilenceState s) {
    return switch (s) {
      case ACTIVE -> 0;
      case PENDING -> 1;
      case EXPIRED -> 2;
    };
  }

  private WebResponse postSilence(WebRequest r) {
    JsonNode n;
    try {
      n = ApiV2Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      return parseFailure("silence", e);
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      return ApiV2Json.swaggerError(422, 602, "silence in body is required");
    }
    if (!n.isObject()) {
      return ApiV2Json.swaggerError(
          400,
          400,
          "parsing silence body from \"\" failed, because json: cannot unmarshal "
              + jsonType(n)
              + " into Go value of type models.PostableSilence");
    }
    for (String field : List.of("comment", "createdBy", "endsAt", "matchers", "startsAt")) {
      if (!n.hasNonNull(field)) {
        return ApiV2Json.swaggerError(422, 602, field + " in body is required");
      }
    }
    JsonNode ms = n.get("matchers");
    if (!ms.isArray()) {
      return ApiV2Json.swaggerError(
          400,
          400,
          "parsing silence body from \"\" failed, because json: cannot unmarshal "
              + jsonType(ms)
              + " into Go struct field PostableSilence.matchers of type models.Matchers");
    }
    if (ms.isEmpty()) {
      return ApiV2Json.swaggerError(422, 612, "matchers in body should have at least 1 items");
    }
    List<Matcher> matchers = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      JsonNode m = ms.get(i);
      for (String field : List.of("isRegex", "name", "value")) {
        if (!m.hasNonNull(field)) {
          return ApiV2Json.swaggerError(
              422, 602, "matchers." + i + "." + field + " in body is required");
        }
      }
      boolean regex = m.get("isRegex").asBoolean();
      boolean equal = !m.hasNonNull("isEqual") || m.get("isEqual").asBoolean();
      MatchType type =
          regex
              ? (equal ? MatchType.REGEX : MatchType.NOT_REGEX)
              : (equal ? MatchType.EQUAL : MatchType.NOT_EQUAL);
      try {
        matchers.add(Matcher.of(type, m.get("name").asText(), m.get("value").asText()));
      } catch (IllegalArgumentException e) {
        if (regex) {
          return ApiV2Json.message(
              400,
              "silence invalid: invalid label matcher "
                  + i
                  + ": invalid regular expression "
                  + GoQuote.quote(m.get("value").asText())
                  + ": "
                  + e.getMessage());
        }
        return ApiV2Json.message(400, e.getMessage());
      }
    }
    Instant start;
    Instant end;
    try {
      start = ApiV2Json.parseTime(n.get("startsAt").asText());
      end = ApiV2Json.parseTime(n.get("endsAt").asText());
    } catch (DateTimeParseException e) {
      return ApiV2Json.swaggerError(
          400, 400, "parsing silence body from \"\" failed, because " + e.getMessage());
    }
    if (!start.isBefore(end)) {
      return ApiV2Json.message(400, "Failed to create silence: start time must be before end time");
    }
    if (end.isBefore(now())) {
      return ApiV2Json.message(400, "Failed to create silence: end time can't be in the past");
    }
    String id = n.hasNonNull("id") ? n.get("id").asText() : "";
    Silence s =
        new Silence(
            id,
            matchers,
            start,
            end,
            Alert.ZERO,
            n.get("createdBy").asText(),
            n.get("comment").asText());
    String stored;
    try {
      stored = silences.set(s);
    } catch (SilenceException e) {
      return ApiV2Json.message(
          e.kind() == SilenceException.Kind.NOT_FOUND ? 404 : 400, e.getMessage());
    }
    ObjectNode o = ApiV2Json.MAPPER.createObjectNode();
    o.put("silenceID", stored);
    return ApiV2Json.json(200, o);
  }

  private static @Nullable WebResponse badSilenceId(String id) {
    if (UUID.matcher(id).matches()) {
      return null;
    }
    return ApiV2Json.swaggerError(
        422,
        601,
        "silenceID in path must be of type uuid: "
            + ApiV2Json.MAPPER.getNodeFactory().textNode(id));
  }

  private WebResponse getSilence(String id) {
    WebResponse bad = badSilenceId(id);
    if (bad != null) {
      return bad;
    }
    return silences
        .get(id)
        .map(s -> ApiV2Json.json(200, ApiV2Json.silence(s, now())))
        .orElseGet(() -> WebResponse.empty(404));
  }

  /**
   * Expires a silence; an expired one stays as it is. Upstream 0.25 answers a failed expiry, an
   * unknown id included, with 500.
   */
  private WebResponse deleteSilence(String id) {
    WebResponse bad = badSilenceId(id);
    if (bad != null) {
      return bad;
    }
    try {
      silences.expire(id);
    } catch (SilenceException e) {
      return ApiV2Json.message(500, e.getMessage());
    }
    return WebResponse.empty(200);
  }
}
