package io.argus.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.rules.AlertingRule;
import io.argus.rules.RecordingRule;
import io.argus.rules.Rule;
import io.argus.rules.RuleAlert;
import io.argus.rules.RuleGroup;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The rule side of the API: {@code /api/v1/rules} (with upstream's {@code type}, {@code
 * rule_name[]}, {@code rule_group[]}, {@code file[]}, {@code match[]}, {@code exclude_alerts},
 * {@code group_limit} and {@code group_next_token}) and {@code /api/v1/alerts}, read from the rule
 * manager's groups with upstream's JSON members. Groups come in file and then name order, rules in
 * file order. Thread-safe.
 */
public final class RulesApi {
  /** A server without rules. */
  public static final Supplier<List<RuleGroup>> NO_RULES = List::of;

  private final Supplier<List<RuleGroup>> groups;
  private final ZoneId zone;

  /**
   * @param groups the current rule groups, in file and then name order (the rule manager's {@code
   *     groups()})
   * @param zone the zone evaluation times are written in (upstream writes the server's local time);
   *     alert times are written in UTC as upstream does
   */
  public RulesApi(Supplier<List<RuleGroup>> groups, ZoneId zone) {
    this.groups = groups;
    this.zone = zone;
  }

  /** {@code GET /api/v1/alerts}: every pending and firing alert. */
  public WebResponse alerts(WebRequest r) {
    List<RuleAlert> alerts = new ArrayList<>();
    for (RuleGroup g : groups.get()) {
      for (Rule rule : g.rules()) {
        if (rule instanceof AlertingRule a) {
          alerts.addAll(a.activeAlerts());
        }
      }
    }
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("alerts");
          for (RuleAlert a : alerts) {
            writeAlert(g, a);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** {@code GET /api/v1/rules}: the groups and their rules, filtered as the parameters ask. */
  public WebResponse rules(WebRequest r) {
    Set<String> ruleNames = new HashSet<>(r.params("rule_name[]"));
    Set<String> groupNames = new HashSet<>(r.params("rule_group[]"));
    Set<String> files = new HashSet<>(r.params("file[]"));
    List<List<Matcher>> matcherSets;
    try {
      matcherSets = ApiV1.matcherSets(r.params("match[]"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorType.BAD_DATA, e.getMessage());
    }
    String type = r.param("type").toLowerCase(Locale.ROOT);
    if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
      throw ApiException.invalidParam("type", "not supported value \"" + type + "\"");
    }
    boolean alerting = type.isEmpty() || type.equals("alert");
    boolean recording = type.isEmpty() || type.equals("record");
    boolean excludeAlerts = parseExcludeAlerts(r.param("exclude_alerts"));
    String limitParam = r.param("group_limit");
    String nextToken = r.param("group_next_token");
    if (!nextToken.isEmpty() && limitParam.isEmpty()) {
      throw ApiException.invalidParam(
          "group_next_token",
          "group_limit needs to be present in order to paginate over the groups");
    }
    long maxGroups = -1;
    if (!limitParam.isEmpty()) {
      try {
        maxGroups =
            Integer.parseInt(limitParam.startsWith("+") ? limitParam.substring(1) : limitParam);
      } catch (NumberFormatException e) {
        throw ApiException.invalidParam(
            "group_limit",
            "group_limit needs to be a valid number: strconv.ParseInt: parsing \""
                + limitParam
                + "\": "
                + (limitParam.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax"));
      }
      if (maxGroups <= 0) {
        throw ApiException.invalidParam("group_limit", "group_limit needs to be greater than 0");
      }
    }
    boolean paginate = maxGroups > 0 && !nextToken.isEmpty();

    List<GroupView> selected = new ArrayList<>();
    @Nullable String groupNextToken = null;
    boolean foundToken = false;
    for (RuleGroup g : groups.get()) {
      if (paginate && !foundToken) {
        if (!nextToken.equals(nextToken(g.file(), g.name()))) {
          continue;
        }
        foundToken = true;
      }
      if (!groupNames.isEmpty() && !groupNames.contains(g.name())) {
        continue;
      }
      if (!files.isEmpty() && !files.contains(g.file())) {
        continue;
      }
      List<Rule> rules = new ArrayList<>();
      for (Rule rule : g.rules()) {
        if (!matcherSets.isEmpty() && !matchesAny(matcherSets, rule.labels())) {
          continue;
        }
        if (!ruleNames.isEmpty() && !ruleNames.contains(rule.name())) {
          continue;
        }
        boolean wanted =
            switch (rule) {
              case AlertingRule a -> alerting;
              case RecordingRule rr -> recording;
            };
        if (wanted) {
          rules.add(rule);
        }
      }
      if (rules.isEmpty()) {
        continue;
      }
      if (maxGroups > 0 && selected.size() == maxGroups) {
        groupNextToken = nextToken(g.file(), g.name());
        break;
      }
      selected.add(new GroupView(g, rules));
    }
    if (paginate && !foundToken) {
      throw ApiException.invalidParam(
          "group_next_token",
          "invalid group_next_token '" + nextToken + "'. were rule groups changed?");
    }
    String token = groupNextToken;
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("groups");
          for (GroupView v : selected) {
            writeGroup(g, v, excludeAlerts);
          }
          g.writeEndArray();
          if (token != null) {
            g.writeStringField("groupNextToken", token);
          }
          g.writeEndObject();
        });
  }

  private record GroupView(RuleGroup group, List<Rule> rules) {}

  private static boolean matchesAny(List<List<Matcher>> sets, Labels labels) {
    for (List<Matcher> set : sets) {
      boolean all = true;
      for (Matcher m : set) {
        if (!m.matches(labels.getOrEmpty(m.name()))) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean parseExcludeAlerts(String value) {
    if (value.isEmpty()) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "t", "true" -> true;
      case "0", "f", "false" -> false;
      default ->
          throw ApiException.invalidParam(
              "exclude_alerts",
              "error converting exclude_alerts: strconv.ParseBool: parsing \""
                  + value.toLowerCase(Locale.ROOT)
                  + "\": invalid syntax");
    };
  }

  /** Upstream's pagination token: the hex SHA-256 of {@code <file>;<group>}. */
  static String nextToken(String file, String group) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest((file + ";" + group).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private void writeGroup(JsonGenerator g, GroupView v, boolean excludeAlerts) throws IOException {
    RuleGroup group = v.group();
    g.writeStartObject();
    g.writeStringField("name", group.name());
    g.writeStringField("file", group.file());
    g.writeArrayFieldStart("rules");
    for (Rule rule : v.rules()) {
      writeRule(g, rule, excludeAlerts);
    }
    g.writeEndArray();
    g.writeFieldName("interval");
    g.writeRawValue(TargetsApi.goJsonFloat(group.intervalMillis() / 1e3));
    g.writeNumberField("limit", group.limit());
    g.writeFieldName("evaluationTime");
    g.writeRawValue(TargetsApi.goJsonFloat(group.evaluationNanos() / 1e9));
    g.writeStringField("lastEvaluation", goTime(group.lastEvaluation(), zone));
    g.writeEndObject();
  }

  private void writeRule(JsonGenerator g, Rule rule, boolean excludeAlerts) throws IOException {
    g.writeStartObject();
    if (rule instanceof AlertingRule a) {
      g.writeStringField("state", a.state().apiName());
    }
    g.writeStringField("name", rule.name());
    g.writeStringField("query", rule.query());
    if (rule instanceof AlertingRule a) {
      g.writeFieldName("duration");
      g.writeRawValue(TargetsApi.goJsonFloat(a.holdMillis() / 1e3));
      g.writeFieldName("keepFiringFor");
      g.writeRawValue(TargetsApi.goJsonFloat(a.keepFiringForMillis() / 1e3));
    }
    g.writeFieldName("labels");
    ApiJson.writeLabels(g, rule.labels());
    if (rule instanceof AlertingRule a) {
      g.writeFieldName("annotations");
      ApiJson.writeLabels(g, a.annotations());
      g.writeFieldName("alerts");
      if (excludeAlerts) {
        g.writeNull();
      } else {
        g.writeStartArray();
        for (RuleAlert alert : a.activeAlerts()) {
          writeAlert(g, alert);
        }
        g.writeEndArray();
      }
    }
    g.writeStringField("health", rule.health().apiName());
    String lastError = rule.lastError();
    if (lastError != null && !lastError.isEmpty()) {
      g.writeStringField("lastError", lastError);
    }
    g.writeFieldName("evaluationTime");
    g.writeRawValue(TargetsApi.goJsonFloat(rule.evaluationDurationNanos() / 1e9));
    g.writeStringField("lastEvaluation", goTime(rule.lastEvaluation(), zone));
    g.writeStringField("type", rule instanceof AlertingRule ? "alerting" : "recording");
    g.writeEndObject();
  }

  private static void writeAlert(JsonGenerator g, RuleAlert a) throws IOException {
    g.writeStartObject();
    g.writeFieldName("labels");
    ApiJson.writeLabels(g, a.labels());
    g.writeFieldName("annotations");
    ApiJson.writeLabels(g, a.annotations());
    g.writeStringField("state", a.state().apiName());
    g.writeStringField("activeAt", goTime(a.activeAt(), ZoneOffset.UTC));
    if (a.keepFiringSince() != RuleAlert.UNSET) {
      g.writeStringField("keepFiringSince", goTime(a.keepFiringSince(), ZoneOffset.UTC));
    }
    g.writeStringField("value", goExponent(a.value()));
    g.writeEndObject();
  }

  /** A time as Go's JSON writes a {@code time.Time}; {@link RuleAlert#UNSET} is Go's zero time. */
  private static String goTime(long ms, ZoneId zone) {
    if (ms == RuleAlert.UNSET) {
      return TargetsApi.GO_ZERO_TIME;
    }
    return ms == 0 ? "1970-01-01T00:00:00Z" : TargetsApi.formatGoTime(ms, zone);
  }

  /**
   * Formats like Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}: the shortest round-tripping
   * mantissa and an exponent of at least two digits ({@code 1e+00}, {@code 4.25e-07}).
   */
  static String goExponent(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
    String sign = negative ? "-" : "";
    if (v == 0) {
      return sign + "0e+00";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      sb.append('0');
    }
    return sb.append(abs).toString();
  }
}
