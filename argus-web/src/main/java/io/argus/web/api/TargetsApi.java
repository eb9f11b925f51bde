package io.argus.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.promql.parser.ParseException;
import io.argus.promql.parser.PromqlParser;
import io.argus.scrape.ActiveTarget;
import io.argus.scrape.DroppedTarget;
import io.argus.scrape.MetricMetadata;
import io.argus.scrape.ScrapeState;
import io.argus.scrape.ScrapeTargets;
import io.argus.util.GoFloat;
import io.argus.util.PrometheusDurations;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The scrape side of the API: {@code /api/v1/targets}, {@code /api/v1/targets/metadata}, {@code
 * /api/v1/metadata} and {@code /api/v1/scrape_pools}, read from a {@link ScrapeTargets} view with
 * upstream's parameters, error messages and JSON members. Pools are listed in name order, targets
 * in the order the view gives them, metadata families in name order. Thread-safe; never blocks on
 * the scrape manager.
 */
public final class TargetsApi {
  private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX", Locale.ROOT);

  /** Go's zero {@code time.Time} in RFC 3339, which upstream reports for a never-scraped target. */
  static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

  private final ScrapeTargets targets;
  private final UnaryOperator<URI> globalUrl;
  private final ZoneId zone;

  /**
   * @param targets the scrape pools and their targets
   * @param globalUrl maps a scrape URL to the {@code globalUrl} member, normally {@code u ->
   *     GlobalUrl.of(u, listenAddress, externalUrl)}
   * @param zone the zone {@code lastScrape} is written in (upstream writes the server's local time)
   */
  public TargetsApi(ScrapeTargets targets, UnaryOperator<URI> globalUrl, ZoneId zone) {
    this.targets = targets;
    this.globalUrl = globalUrl;
    this.zone = zone;
  }

  /** A view of a server that scrapes nothing: no pools, no targets. */
  public static final ScrapeTargets NO_SCRAPING =
      new ScrapeTargets() {
        @Override
        public List<String> scrapePoolNames() {
          return List.of();
        }

        @Override
        public Map<String, List<ActiveTarget>> activeTargets() {
          return Map.of();
        }

        @Override
        public Map<String, List<DroppedTarget>> droppedTargets() {
          return Map.of();
        }

        @Override
        public Map<String, Integer> droppedTargetCounts() {
          return Map.of();
        }
      };

  /** {@code GET /api/v1/scrape_pools}: {@code {"scrapePools":[…]}}, sorted. */
  WebResponse scrapePools(WebRequest r) {
    List<String> names = new ArrayList<>(targets.scrapePoolNames());
    names.sort(Comparator.naturalOrder());
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          g.writeFieldName("scrapePools");
          ApiJson.writeStringArray(g, names);
          g.writeEndObject();
        });
  }

  /**
   * {@code GET /api/v1/targets}: {@code state} ({@code active}, {@code dropped}, {@code any} or
   * empty for both, any case; another value lists neither) and {@code scrapePool} (one pool's
   * targets; {@code droppedTargetCounts} still covers every pool, as upstream).
   */
  WebResponse targets(WebRequest r) {
    String pool = r.param("scrapePool");
    String state = r.param("state").toLowerCase(Locale.ROOT);
    boolean showActive = state.isEmpty() || state.equals("any") || state.equals("active");
    boolean showDropped = state.isEmpty() || state.equals("any") || state.equals("dropped");
    List<ActiveTarget> active = new ArrayList<>();
    if (showActive) {
      for (Map.Entry<String, List<ActiveTarget>> e : sorted(targets.activeTargets()).entrySet()) {
        if (pool.isEmpty() || pool.equals(e.getKey())) {
          active.addAll(e.getValue());
        }
      }
    }
    List<DroppedTarget> dropped = new ArrayList<>();
    Map<String, Integer> droppedCounts = null;
    if (showDropped) {
      droppedCounts = sorted(targets.droppedTargetCounts());
      for (Map.Entry<String, List<DroppedTarget>> e : sorted(targets.droppedTargets()).entrySet()) {
        if (pool.isEmpty() || pool.equals(e.getKey())) {
          dropped.addAll(e.getValue());
        }
      }
    }
    Map<String, Integer> counts = droppedCounts;
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("activeTargets");
          for (ActiveTarget t : active) {
            writeActive(g, t);
          }
          g.writeEndArray();
          g.writeArrayFieldStart("droppedTargets");
          for (DroppedTarget t : dropped) {
            g.writeStartObject();
            g.writeFieldName("discoveredLabels");
            ApiJson.writeLabels(g, t.discoveredLabels());
            g.writeStringField("scrapePool", t.scrapePool());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeFieldName("droppedTargetCounts");
          if (counts == null) {
            g.writeNull();
          } else {
            g.writeStartObject();
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
              g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
          }
          g.writeEndObject();
        });
  }

  private void writeActive(JsonGenerator g, ActiveTarget t) throws IOException {
    ScrapeState last = t.lastScrape();
    g.writeStartObject();
    g.writeFieldName("discoveredLabels");
    ApiJson.writeLabels(g, t.discoveredLabels());
    g.writeFieldName("labels");
    ApiJson.writeLabels(g, t.labels());
    g.writeStringField("scrapePool", t.scrapePool());
    g.writeStringField("scrapeUrl", t.scrapeUrl().toString());
    g.writeStringField("globalUrl", globalUrl.apply(t.scrapeUrl()).toString());
    g.writeStringField("lastError", last.lastError());
    g.writeStringField("lastScrape", formatGoTime(last.lastScrapeMs(), zone));
    g.writeFieldName("lastScrapeDuration");
    g.writeNumber(goJsonFloat(last.lastScrapeDurationSeconds()));
    g.writeStringField("health", last.health().text());
    g.writeStringField("scrapeInterval", PrometheusDurations.format(t.scrapeIntervalMs()));
    g.writeStringField("scrapeTimeout", PrometheusDurations.format(t.scrapeTimeoutMs()));
    g.writeEndObject();
  }

  /**
   * {@code GET /api/v1/targets/metadata}: per active target, the metadata of every family it
   * exposes (with a {@code metric} member), or of the family {@code metric} names (without one);
   * {@code match_target} filters targets by their labels; {@code limit} stops adding targets once
   * that many entries are listed (negative: no limit), so the last target may add several.
   */
  WebResponse targetMetadata(WebRequest r) {
    int limit = intParam(r.param("limit"), "limit must be a number");
    String matchTarget = r.param("match_target");
    List<Matcher> matchers = List.of();
    if (!matchTarget.isEmpty()) {
      try {
        matchers = PromqlParser.parseMetricSelector(matchTarget);
      } catch (ParseException e) {
        throw ApiException.invalidParam("match_target", e.getMessage());
      }
    }
    String metric = r.param("metric");
    List<TargetEntry> entries = new ArrayList<>();
    for (List<ActiveTarget> pool : sorted(targets.activeTargets()).values()) {
      for (ActiveTarget t : pool) {
        if (limit >= 0 && entries.size() >= limit) {
          break;
        }
        Labels labels = t.labels();
        if (!matches(labels, matchers)) {
          continue;
        }
        if (metric.isEmpty()) {
          List<MetricMetadata> all = new ArrayList<>(t.metadata().values());
          all.sort(Comparator.comparing(MetricMetadata::family));
          for (MetricMetadata m : all) {
            entries.add(new TargetEntry(labels, m, true));
          }
        } else {
          MetricMetadata m = t.metadata(metric);
          if (m != null) {
            entries.add(new TargetEntry(labels, m, false));
          }
        }
      }
    }
    return ApiJson.success(
        g -> {
          g.writeStartArray();
          for (TargetEntry e : entries) {
            g.writeStartObject();
            g.writeFieldName("target");
            ApiJson.writeLabels(g, e.target());
            if (e.withFamily()) {
              g.writeStringField("metric", e.metadata().family());
            }
            g.writeStringField("type", e.metadata().type().text());
            g.writeStringField("help", e.metadata().help());
            g.writeStringField("unit", e.metadata().unit());
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  private record TargetEntry(Labels target, MetricMetadata metadata, boolean withFamily) {}

  private record Meta(String type, String unit, String help) {}

  /**
   * {@code GET /api/v1/metadata}: the distinct (type, unit, help) triples per family across every
   * active target, in first-seen order; {@code metric} restricts to one family, {@code
   * limit_per_metric} (when positive) caps the triples per family, {@code limit} (when not
   * negative) the number of families, which are taken in name order.
   */
  WebResponse metricMetadata(WebRequest r) {
    int limit = intParam(r.param("limit"), "limit must be a number");
    int limitPerMetric = intParam(r.param("limit_per_metric"), "limit_per_metric must be a number");
    String metric = r.param("metric");
    Map<String, Set<Meta>> families = new TreeMap<>();
    for (List<ActiveTarget> pool : sorted(targets.activeTargets()).values()) {
      for (ActiveTarget t : pool) {
        if (metric.isEmpty()) {
          for (MetricMetadata m : t.metadata().values()) {
            add(families, m, limitPerMetric);
          }
        } else {
          MetricMetadata m = t.metadata(metric);
          if (m != null) {
            add(families, m, limitPerMetric);
          }
        }
      }
    }
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          int n = 0;
          for (Map.Entry<String, Set<Meta>> e : families.entrySet()) {
            if (limit >= 0 && n >= limit) {
              break;
            }
            n++;
            g.writeArrayFieldStart(e.getKey());
            for (Meta m : e.getValue()) {
              g.writeStartObject();
              g.writeStringField("type", m.type());
              g.writeStringField("unit", m.unit());
              g.writeStringField("help", m.help());
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeEndObject();
        });
  }

  private static void add(Map<String, Set<Meta>> families, MetricMetadata m, int limitPerMetric) {
    Set<Meta> set = families.get(m.family());
    if (limitPerMetric > 0 && set != null && set.size() >= limitPerMetric) {
      return;
    }
    if (set == null) {
      set = new LinkedHashSet<>();
      families.put(m.family(), set);
    }
    set.add(new Meta(m.type().text(), m.unit(), m.help()));
  }

  private static boolean matches(Labels labels, List<Matcher> matchers) {
    for (Matcher m : matchers) {
      String v = labels.get(m.name());
      if (!m.matches(v == null ? "" : v)) {
        return false;
      }
    }
    return true;
  }

  /** Parses an optional integer as Go's {@code strconv.Atoi}; -1 when empty. */
  public static int intParam(String s, String error) {
    if (s.isEmpty()) {
      return -1;
    }
    if (!GO_INT.matcher(s).matches()) {
      throw new ApiException(ErrorType.BAD_DATA, error);
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new ApiException(ErrorType.BAD_DATA, error);
    }
  }

  private static <V> Map<String, V> sorted(Map<String, V> byPool) {
    return byPool instanceof TreeMap<String, V> t ? t : new TreeMap<>(byPool);
  }

  /**
   * Formats a Unix-ms time as Go's JSON encoding of a {@code time.Time} in {@code zone}: RFC 3339
   * with the fraction's trailing zeros dropped and {@code Z} for UTC, e.g. {@code
   * 2026-01-02T03:04:05.12+01:00}. 0 is Go's zero time, {@value #GO_ZERO_TIME}.
   */
  static String formatGoTime(long ms, ZoneId zone) {
    if (ms == 0) {
      return GO_ZERO_TIME;
    }
    ZonedDateTime t = Instant.ofEpochMilli(ms).atZone(zone);
    StringBuilder sb = new StringBuilder(32).append(SECONDS.format(t));
    int millis = t.getNano() / 1_000_000;
    if (millis != 0) {
      String frac = String.format(Locale.ROOT, "%03d", millis);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append(OFFSET.format(t)).toString();
  }

  /**
   * Formats a float64 as Go's {@code encoding/json} does: the shortest round-tripping decimal in
   * plain form, exponent form below 1e-6 and from 1e21 with a one- or two-digit exponent ({@code
   * 1e-7}, {@code 1.5e+21}).
   */
  static String goJsonFloat(double v) {
    String s = GoFloat.formatJson(v);
    int e = s.indexOf('e');
    if (e < 0) {
      return s;
    }
    // Go's strconv writes at least two exponent digits; encoding/json trims "e-07" to "e-7"
    if (s.length() - e == 4 && s.charAt(e + 2) == '0') {
      return s.substring(0, e + 2) + s.substring(e + 3);
    }
    return s;
  }
}
