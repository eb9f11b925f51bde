package io.argus.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.Matrix;
import io.argus.promql.QueryException;
import io.argus.promql.QueryResult;
import io.argus.promql.QueryStats;
import io.argus.promql.Sample;
import io.argus.promql.Scalar;
import io.argus.promql.SeriesPoints;
import io.argus.promql.StringValue;
import io.argus.promql.Value;
import io.argus.promql.Vector;
import io.argus.promql.parser.AggregateExpr;
import io.argus.promql.parser.BinaryExpr;
import io.argus.promql.parser.Call;
import io.argus.promql.parser.Expr;
import io.argus.promql.parser.MatrixSelector;
import io.argus.promql.parser.ParenExpr;
import io.argus.promql.parser.ParseException;
import io.argus.promql.parser.PromqlParser;
import io.argus.promql.parser.SubqueryExpr;
import io.argus.promql.parser.UnaryExpr;
import io.argus.promql.parser.ValueType;
import io.argus.promql.parser.VectorSelector;
import io.argus.rules.notifier.DiscoveredAlertmanagers;
import io.argus.storage.Querier;
import io.argus.storage.Queryable;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.StorageException;
import io.argus.util.Cancellation;
import io.argus.util.Clock;
import io.argus.util.GoFloat;
import io.argus.web.WebHandler;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus HTTP API v1 under {@code /api/v1}: queries, series and label lookups, status and
 * admin endpoints, with upstream's parameters, defaults, checks, messages, envelope and HTTP codes.
 * Every endpoint except {@code status/walreplay} answers 503 {@code Service Unavailable} until the
 * server is ready. Targets, scrape pools and metadata come from {@link TargetsApi}, the
 * Alertmanagers from the notifier's {@link DiscoveredAlertmanagers}, rules and alerts from {@link
 * RulesApi}. Thread-safe.
 */
public final class ApiV1 implements WebHandler {
  private static final Logger logger = LoggerFactory.getLogger(ApiV1.class);

  /** The path prefix of every endpoint. */
  public static final String PREFIX = "/api/v1/";

  static final int MAX_POINTS = 11_000;
  static final int MAX_TSDB_LIMIT = 10_000;
  static final String TRUNCATED = "results truncated due to limit";

  private final RequestQueryables queryables;
  private final EngineOptions engineOptions;
  private final QueryGate gate;
  private final @Nullable TsdbAdmin tsdb;
  private final ServerStatus status;
  private final boolean enableAdmin;
  private final BooleanSupplier ready;
  private final TargetsApi targets;
  private final RulesApi rules;
  private final DiscoveredAlertmanagers alertmanagers;
  private final Clock clock;

  /**
   * @param queryable the storage queries and lookups read
   * @param engineOptions the engine's settings from the flags: lookback delta, timeout, max
   *     samples; per-request {@code timeout} and {@code lookback_delta} override them
   * @param gate the cap on concurrent queries
   * @param tsdb the local TSDB for status and admin endpoints, or null without one
   * @param status build, flags, runtime and configuration information
   * @param enableAdmin whether the admin endpoints work ({@code --web.enable-admin-api})
   * @param ready whether start-up has finished
   * @param targets the scrape pools, targets and metadata
   */
  public ApiV1(
      Queryable queryable,
      EngineOptions engineOptions,
      QueryGate gate,
      @Nullable TsdbAdmin tsdb,
      ServerStatus status,
      boolean enableAdmin,
      BooleanSupplier ready,
      TargetsApi targets) {
    this(
        queryable,
        engineOptions,
        gate,
        tsdb,
        status,
        enableAdmin,
        ready,
        targets,
        DiscoveredAlertmanagers.NONE,
        new RulesApi(RulesApi.NO_RULES, ZoneId.systemDefault()));
  }

  /**
   * As {@link #ApiV1(Queryable, EngineOptions, QueryGate, TsdbAdmin, ServerStatus, boolean,
   * BooleanSupplier, TargetsApi)}, with the notifier's Alertmanagers for {@code
   * /api/v1/alertmanagers}.
   *
   * @param alertmanagers the active and dropped Alertmanagers
   */
  public ApiV1(
      Queryable queryable,
      EngineOptions engineOptions,
      QueryGate gate,
      @Nullable TsdbAdmin tsdb,
      ServerStatus status,
      boolean enableAdmin,
      BooleanSupplier ready,
      TargetsApi targets,
      DiscoveredAlertmanagers alertmanagers) {
    this(
        queryable,
        engineOptions,
        gate,
        tsdb,
        status,
        enableAdmin,
        ready,
        targets,
        alertmanagers,
        new RulesApi(RulesApi.NO_RULES, ZoneId.systemDefault()));
  }

  /**
   * As {@link #ApiV1(Queryable, EngineOptions, QueryGate, TsdbAdmin, ServerStatus, boolean,
   * BooleanSupplier, TargetsApi)}, with the notifier's Alertmanagers for {@code
   * /api/v1/alertmanagers} and the rule manager's groups for {@code /api/v1/rules} and {@code
   * /api/v1/alerts}.
   *
   * @param alertmanagers the active and dropped Alertmanagers
   * @param rules the rule groups and their alerts
   */
  public ApiV1(
      Queryable queryable,
      EngineOptions engineOptions,
      QueryGate gate,
      @Nullable TsdbAdmin tsdb,
      ServerStatus status,
      boolean enableAdmin,
      BooleanSupplier ready,
      TargetsApi targets,
      DiscoveredAlertmanagers alertmanagers,
      RulesApi rules) {
    this.alertmanagers = alertmanagers;
    this.rules = rules;
    this.queryables = r -> queryable;
    this.engineOptions = engineOptions;
    this.gate = gate;
    this.tsdb = tsdb;
    this.status = status;
    this.enableAdmin = enableAdmin;
    this.ready = ready;
    this.targets = targets;
    this.clock = engineOptions.clock();
  }

  private ApiV1(ApiV1 base, RequestQueryables queryables) {
    this.alertmanagers = base.alertmanagers;
    this.rules = base.rules;
    this.queryables = queryables;
    this.engineOptions = base.engineOptions;
    this.gate = base.gate;
    this.tsdb = base.tsdb;
    this.status = base.status;
    this.enableAdmin = base.enableAdmin;
    this.ready = base.ready;
    this.targets = base.targets;
    this.clock = base.clock;
  }

  /**
   * Returns this API reading, for each request, the queryable {@code perRequest} chooses (a
   * querier's per-request dedup and partial-response options) instead of the fixed one.
   */
  public ApiV1 withRequestQueryables(RequestQueryables perRequest) {
    return new ApiV1(this, perRequest);
  }

  private enum Methods {
    GET,
    GET_POST,
    POST_PUT
  }

  @Override
  public @Nullable WebResponse handle(WebRequest r) {
    String path = r.path();
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    String endpoint = path.substring(PREFIX.length());
    if (endpoint.equals("status/walreplay")) {
      return guarded(r, Methods.GET, false, this::walReplay);
    }
    return switch (endpoint) {
      case "query" -> guarded(r, Methods.GET_POST, true, this::query);
      case "query_range" -> guarded(r, Methods.GET_POST, true, this::queryRange);
      case "query_exemplars" -> guarded(r, Methods.GET_POST, true, this::queryExemplars);
      case "format_query" -> guarded(r, Methods.GET_POST, true, this::formatQuery);
      case "parse_query" -> guarded(r, Methods.GET_POST, true, this::parseQuery);
      case "labels" -> guarded(r, Methods.GET_POST, true, this::labelNames);
      case "series" -> guarded(r, Methods.GET_POST, true, this::series);
      case "targets" -> guarded(r, Methods.GET, true, targets::targets);
      case "targets/metadata" -> guarded(r, Methods.GET, true, targets::targetMetadata);
      case "metadata" -> guarded(r, Methods.GET, true, targets::metricMetadata);
      case "scrape_pools" -> guarded(r, Methods.GET, true, targets::scrapePools);
      case "rules" -> guarded(r, Methods.GET, true, rules::rules);
      case "alerts" -> guarded(r, Methods.GET, true, rules::alerts);
      case "alertmanagers" -> guarded(r, Methods.GET, true, this::alertmanagers);
      case "status/buildinfo" -> guarded(r, Methods.GET, true, this::buildInfo);
      case "status/runtimeinfo" -> guarded(r, Methods.GET, true, this::runtimeInfo);
      case "status/flags" -> guarded(r, Methods.GET, true, this::flags);
      case "status/config" -> guarded(r, Methods.GET, true, this::config);
      case "status/tsdb" -> guarded(r, Methods.GET, true, this::tsdbStatus);
      case "admin/tsdb/snapshot" -> guarded(r, Methods.POST_PUT, true, this::snapshot);
      case "admin/tsdb/delete_series" -> guarded(r, Methods.POST_PUT, true, this::deleteSeries);
      case "admin/tsdb/clean_tombstones" ->
          guarded(r, Methods.POST_PUT, true, this::cleanTombstones);
      default -> {
        if (endpoint.startsWith("label/") && endpoint.endsWith("/values")) {
          String name =
              endpoint.substring("label/".length(), endpoint.length() - "/values".length());
          if (!name.contains("/")) {
            yield guarded(r, Methods.GET, true, req -> labelValues(req, name));
          }
        }
        yield WebResponse.text(404, "404 page not found\n");
      }
    };
  }

  @FunctionalInterface
  private interface Endpoint {
    WebResponse serve(WebRequest r) throws IOException;
  }

  private WebResponse guarded(WebRequest r, Methods methods, boolean needsReady, Endpoint e) {
    WebResponse answer = answer(r, methods, needsReady, e);
    String origin = r.header("Origin");
    if (origin == null) {
      return answer;
    }
    // upstream's default --web.cors.origin ".*" allows every origin
    return answer
        .withHeader("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin")
        .withHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .withHeader("Access-Control-Expose-Headers", "Date")
        .withHeader("Access-Control-Allow-Origin", origin)
        .withHeader("Vary", "Origin");
  }

  private WebResponse answer(WebRequest r, Methods methods, boolean needsReady, Endpoint e) {
    boolean allowed =
        switch (methods) {
          case GET -> r.isGetOrHead();
          case GET_POST -> r.isGetOrHead() || r.method().equals("POST");
          case POST_PUT -> r.method().equals("POST") || r.method().equals("PUT");
        };
    if (r.method().equals("OPTIONS")) {
      return WebResponse.empty(204);
    }
    if (!allowed) {
      String allow =
          switch (methods) {
            case GET -> "GET, OPTIONS";
            case GET_POST -> "GET, OPTIONS, POST";
            case POST_PUT -> "OPTIONS, POST, PUT";
          };
      return WebResponse.text(405, "Method Not Allowed\n").withHeader("Allow", allow);
    }
    if (needsReady && !ready.getAsBoolean()) {
      return WebResponse.text(503, "Service Unavailable")
          .withHeader("X-Prometheus-Stopping", "false");
    }
    try {
      return e.serve(r);
    } catch (ApiException ex) {
      return ApiJson.error(ex.type(), ex.getMessage());
    } catch (StorageException | IOException ex) {
      return ApiJson.error(ErrorType.INTERNAL, String.valueOf(ex.getMessage()));
    } catch (RuntimeException ex) {
      logger.atError().setCause(ex).addKeyValue("path", r.path()).log("api request failed");
      return ApiJson.error(ErrorType.INTERNAL, String.valueOf(ex.getMessage()));
    }
  }

  // ---- alertmanagers ----

  /**
   * {@code GET /api/v1/alertmanagers}: {@code activeAlertmanagers} and {@code
   * droppedAlertmanagers}, each a list of {@code {"url": …}}.
   */
  private WebResponse alertmanagers(WebRequest r) {
    List<String> active = alertmanagers.activeUrls();
    List<String> dropped = alertmanagers.droppedUrls();
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          writeUrls(g, "activeAlertmanagers", active);
          writeUrls(g, "droppedAlertmanagers", dropped);
          g.writeEndObject();
        });
  }

  private static void writeUrls(JsonGenerator g, String field, List<String> urls)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String url : urls) {
      g.writeStartObject();
      g.writeStringField("url", url);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  // ---- queries ----

  private WebResponse query(WebRequest r) {
    int limit = ApiParams.limitParam(r.param("limit"));
    long began = clock.nanoTime();
    long t = ApiParams.timeParam(r.param("time"), "time", clock.millis());
    long timeoutNanos = timeoutNanos(r);
    EngineOptions options = options(r, timeoutNanos);
    String query = r.param("query");
    Expr expr = parse(query);
    return execute(r, new Engine(options), expr, query, t, t, 0, limit, began, timeoutNanos);
  }

  private WebResponse queryRange(WebRequest r) {
    int limit = ApiParams.limitParam(r.param("limit"));
    long began = clock.nanoTime();
    long start = ApiParams.requiredTime(r.param("start"), "start");
    long end = ApiParams.requiredTime(r.param("end"), "end");
    if (end < start) {
      throw ApiException.invalidParam("end", "end timestamp must not be before start time");
    }
    long stepNanos;
    try {
      stepNanos = ApiParams.parseDurationNanos(r.param("step"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam("step", e.getMessage());
    }
    if (stepNanos <= 0) {
      throw ApiException.invalidParam(
          "step",
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    long rangeNanos = saturatedNanos(end - start);
    if (rangeNanos / stepNanos > MAX_POINTS) {
      throw new ApiException(
          ErrorType.BAD_DATA,
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query"
              + " resolution (?step=XX)");
    }
    long timeoutNanos = timeoutNanos(r);
    EngineOptions options = options(r, timeoutNanos);
    String query = r.param("query");
    Expr expr = parse(query);
    if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
      throw ApiException.invalidParam(
          "query",
          "invalid expression type \""
              + expr.type().documentedName()
              + "\" for range query, must be Scalar or instant Vector");
    }
    long stepMs = Math.max(1, stepNanos / 1_000_000);
    return execute(
        r, new Engine(options), expr, query, start, end, stepMs, limit, began, timeoutNanos);
  }

  private static long saturatedNanos(long ms) {
    return ms > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : ms * 1_000_000;
  }

  private long timeoutNanos(WebRequest r) {
    long flag = engineOptions.timeout().toNanos();
    String to = r.param("timeout");
    if (to.isEmpty()) {
      return flag;
    }
    try {
      return Math.min(flag, ApiParams.parseDurationNanos(to));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam("timeout", e.getMessage());
    }
  }

  private EngineOptions options(WebRequest r, long timeoutNanos) {
    long lookback = engineOptions.lookbackMillis();
    String ld = r.param("lookback_delta");
    if (!ld.isEmpty()) {
      try {
        long ns = ApiParams.parseDurationNanos(ld);
        if (ns > 0) {
          lookback = Math.max(1, ns / 1_000_000);
        }
      } catch (IllegalArgumentException e) {
        throw new ApiException(
            ErrorType.BAD_DATA, "error parsing lookback delta duration: " + e.getMessage());
      }
    }
    return new EngineOptions(
        lookback,
        Duration.ofNanos(Math.max(0, timeoutNanos)),
        engineOptions.maxSamples(),
        engineOptions.defaultSubqueryStepMillis(),
        engineOptions.delayedNameRemoval(),
        engineOptions.experimentalFunctions(),
        engineOptions.clock());
  }

  private Expr parse(String query) {
    try {
      return new Engine(engineOptions).parse(query);
    } catch (ParseException e) {
      throw ApiException.invalidParam("query", e.getMessage());
    }
  }

  private WebResponse execute(
      WebRequest r,
      Engine engine,
      Expr expr,
      String query,
      long start,
      long end,
      long step,
      int limit,
      long began,
      long timeoutNanos) {
    long waitStart = clock.nanoTime();
    QueryResult result;
    long queueNanos;
    try (QueryGate.Slot slot = gate.acquire(timeoutNanos - (waitStart - began))) {
      queueNanos = clock.nanoTime() - waitStart;
      result =
          engine.evaluate(
              queryables.forRequest(r), expr, query, start, end, step, Cancellation.NONE);
    } catch (QueryException e) {
      throw new ApiException(errorType(e.kind()), e.getMessage(), e);
    }
    long totalNanos = clock.nanoTime() - began;
    List<String> warnings = new ArrayList<>(result.warnings());
    Value value = truncate(result.value(), limit, warnings);
    String stats = r.param("stats");
    if (!stats.isEmpty() && !stats.equals("true") && !stats.equals("all")) {
      warnings.add(
          "value \""
              + stats
              + "\" for parameter \"stats\" is deprecated and will be rejected in the next major"
              + " release, use \"true\" or \"all\"");
    }
    QueryStats qs = result.stats();
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          g.writeStringField("resultType", value.typeName());
          g.writeFieldName("result");
          writeValue(g, value);
          if (!stats.isEmpty()) {
            writeStats(g, qs, queueNanos, totalNanos);
          }
          g.writeEndObject();
        },
        warnings,
        result.infos());
  }

  private static ErrorType errorType(QueryException.Kind kind) {
    return switch (kind) {
      case BAD_DATA -> ErrorType.BAD_DATA;
      case TIMEOUT -> ErrorType.TIMEOUT;
      case CANCELED -> ErrorType.CANCELED;
      case EXECUTION, TOO_MANY_SAMPLES -> ErrorType.EXECUTION;
    };
  }

  private static Value truncate(Value v, int limit, List<String> warnings) {
    if (limit <= 0) {
      return v;
    }
    if (v instanceof Vector vec && vec.size() > limit) {
      warnings.add(TRUNCATED);
      return new Vector(vec.samples().subList(0, limit));
    }
    if (v instanceof Matrix m && m.size() > limit) {
      warnings.add(TRUNCATED);
      return new Matrix(m.series().subList(0, limit));
    }
    return v;
  }

  /** Writes a query result value in upstream's encoding. */
  static void writeValue(JsonGenerator g, Value value) throws IOException {
    switch (value) {
      case Scalar s -> ApiJson.writePoint(g, s.t(), s.v());
      case StringValue s -> {
        g.writeStartArray();
        ApiJson.writeTimestamp(g, s.t());
        g.writeString(s.v());
        g.writeEndArray();
      }
      case Vector v -> {
        char[] scratch = new char[GoFloat.MAX_JSON_CHARS];
        g.writeStartArray();
        for (Sample s : v.samples()) {
          g.writeStartObject();
          g.writeFieldName("metric");
          ApiJson.writeLabels(g, s.labels());
          g.writeFieldName("value");
          ApiJson.writePoint(g, s.t(), s.v(), scratch);
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      case Matrix m -> {
        char[] scratch = new char[GoFloat.MAX_JSON_CHARS];
        g.writeStartArray();
        for (SeriesPoints p : m.series()) {
          g.writeStartObject();
          g.writeFieldName("metric");
          ApiJson.writeLabels(g, p.labels());
          g.writeArrayFieldStart("values");
          for (int i = 0; i < p.size(); i++) {
            ApiJson.writePoint(g, p.t(i), p.v(i), scratch);
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
    }
  }

  private static void writeStats(JsonGenerator g, QueryStats qs, long queueNanos, long totalNanos)
      throws IOException {
    g.writeObjectFieldStart("stats");
    g.writeObjectFieldStart("timings");
    double eval = qs.evalNanos() / 1e9;
    g.writeNumberField("evalTotalTime", eval);
    g.writeNumberField("resultSortTime", 0.0);
    g.writeNumberField(
        "queryPreparationTime", Math.max(0, totalNanos - queueNanos - qs.evalNanos()) / 1e9);
    g.writeNumberField("innerEvalTime", eval);
    g.writeNumberField("execQueueTime", queueNanos / 1e9);
    g.writeNumberField("execTotalTime", totalNanos / 1e9);
    g.writeEndObject();
    g.writeObjectFieldStart("samples");
    g.writeNumberField("totalQueryableSamples", qs.samplesLoaded());
    g.writeNumberField("samplesRead", qs.samplesLoaded());
    g.writeNumberField("peakSamples", qs.peakSamples());
    g.writeEndObject();
    g.writeEndObject();
  }

  private WebResponse formatQuery(WebRequest r) {
    Expr expr = parse(r.param("query"));
    String text = expr.toString();
    return ApiJson.success(g -> g.writeString(text));
  }

  private WebResponse parseQuery(WebRequest r) {
    Expr expr = parse(r.param("query"));
    return ApiJson.success(g -> ParseQueryAst.write(g, expr));
  }

  /**
   * Exemplars are not stored yet, so every query with a selector returns an empty list; a query
   * without selectors returns 204 as upstream does.
   */
  private WebResponse queryExemplars(WebRequest r) {
    long start = ApiParams.timeParam(r.param("start"), "start", ApiParams.MIN_TIME_MS);
    long end = ApiParams.timeParam(r.param("end"), "end", ApiParams.MAX_TIME_MS);
    if (end < start) {
      throw new ApiException(
          ErrorType.BAD_DATA, "end timestamp must not be before start timestamp");
    }
    Expr expr;
    try {
      expr = new Engine(engineOptions).parse(r.param("query"));
    } catch (ParseException e) {
      throw new ApiException(ErrorType.BAD_DATA, e.getMessage());
    }
    if (!hasSelector(expr)) {
      return WebResponse.empty(204);
    }
    return ApiJson.success(g -> ApiJson.writeStringArray(g, List.of()));
  }

  static boolean hasSelector(Expr e) {
    return switch (e) {
      case VectorSelector v -> true;
      case MatrixSelector m -> true;
      case SubqueryExpr s -> hasSelector(s.expr());
      case ParenExpr p -> hasSelector(p.expr());
      case UnaryExpr u -> hasSelector(u.expr());
      case BinaryExpr b -> hasSelector(b.lhs()) || hasSelector(b.rhs());
      case AggregateExpr a ->
          hasSelector(a.expr()) || (a.param() != null && hasSelector(a.param()));
      case Call c -> c.args().stream().anyMatch(ApiV1::hasSelector);
      default -> false;
    };
  }

  // ---- series and labels ----

  /** Parses {@code match[]} values; each set must have a matcher that rejects the empty string. */
  static List<List<Matcher>> matcherSets(List<String> selectors) {
    List<List<Matcher>> sets = new ArrayList<>(selectors.size());
    for (String s : selectors) {
      List<Matcher> set;
      try {
        set = PromqlParser.parseMetricSelector(s);
      } catch (ParseException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      if (set.stream().allMatch(m -> m.matches(""))) {
        throw new IllegalArgumentException("match[] must contain at least one non-empty matcher");
      }
      sets.add(set);
    }
    return sets;
  }

  private static List<List<Matcher>> matcherSetsBadData(List<String> selectors) {
    try {
      return matcherSets(selectors);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorType.BAD_DATA, e.getMessage());
    }
  }

  private WebResponse series(WebRequest r) {
    List<String> match = r.params("match[]");
    if (match.isEmpty()) {
      throw new ApiException(ErrorType.BAD_DATA, "no match[] parameter provided");
    }
    int limit = ApiParams.limitParam(r.param("limit"));
    long start = ApiParams.timeParam(r.param("start"), "start", ApiParams.MIN_TIME_MS);
    long end = ApiParams.timeParam(r.param("end"), "end", ApiParams.MAX_TIME_MS);
    List<List<Matcher>> sets;
    try {
      sets = matcherSets(match);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam("match[]", e.getMessage());
    }
    SelectHints hints =
        new SelectHints(start, end, 0, 0, "series", List.of(), false, limit > 0 ? limit + 1 : 0);
    TreeSet<Labels> found = new TreeSet<>();
    List<String> warnings = new ArrayList<>();
    try (Querier q = queryables.forRequest(r).querier(start, end)) {
      for (List<Matcher> set : sets) {
        SeriesSet ss = q.select(true, hints, set.toArray(Matcher[]::new));
        while (ss.next()) {
          found.add(ss.at().labels());
        }
        warnings.addAll(ss.warnings());
      }
    }
    List<Labels> out = new ArrayList<>(found);
    if (limit > 0 && out.size() > limit) {
      out = out.subList(0, limit);
      warnings.add(TRUNCATED);
    }
    List<Labels> result = out;
    return ApiJson.success(
        g -> {
          g.writeStartArray();
          for (Labels l : result) {
            ApiJson.writeLabels(g, l);
          }
          g.writeEndArray();
        },
        warnings,
        List.of());
  }

  private WebResponse labelNames(WebRequest r) {
    int limit = ApiParams.limitParam(r.param("limit"));
    long start = ApiParams.timeParam(r.param("start"), "start", ApiParams.MIN_TIME_MS);
    long end = ApiParams.timeParam(r.param("end"), "end", ApiParams.MAX_TIME_MS);
    List<List<Matcher>> sets = matcherSetsBadData(r.params("match[]"));
    TreeSet<String> names = new TreeSet<>();
    List<String> warnings;
    try (Querier q = queryables.forRequest(r).querier(start, end)) {
      if (sets.isEmpty()) {
        names.addAll(q.labelNames());
      }
      for (List<Matcher> set : sets) {
        names.addAll(q.labelNames(set.toArray(Matcher[]::new)));
      }
      warnings = q.warnings();
    }
    return truncatedStrings(new ArrayList<>(names), limit, warnings);
  }

  private WebResponse labelValues(WebRequest r, String rawName) {
    String name = rawName.startsWith("U__") ? unescapeName(rawName) : rawName;
    if (name.isEmpty()) {
      throw new ApiException(ErrorType.BAD_DATA, "invalid label name: \"" + name + "\"");
    }
    int limit = ApiParams.limitParam(r.param("limit"));
    long start = ApiParams.timeParam(r.param("start"), "start", ApiParams.MIN_TIME_MS);
    long end = ApiParams.timeParam(r.param("end"), "end", ApiParams.MAX_TIME_MS);
    List<List<Matcher>> sets = matcherSetsBadData(r.params("match[]"));
    TreeSet<String> values = new TreeSet<>();
    List<String> warnings;
    try (Querier q = queryables.forRequest(r).querier(start, end)) {
      if (sets.isEmpty()) {
        values.addAll(q.labelValues(name));
      }
      for (List<Matcher> set : sets) {
        values.addAll(q.labelValues(name, set.toArray(Matcher[]::new)));
      }
      warnings = q.warnings();
    }
    return truncatedStrings(new ArrayList<>(values), limit, warnings);
  }

  private static WebResponse truncatedStrings(
      List<String> values, int limit, List<String> storageWarnings) {
    List<String> warnings = new ArrayList<>(storageWarnings);
    List<String> out = values;
    if (limit > 0 && out.size() > limit) {
      out = out.subList(0, limit);
      warnings.add(TRUNCATED);
    }
    List<String> result = out;
    return ApiJson.success(g -> ApiJson.writeStringArray(g, result), warnings, List.of());
  }

  /**
   * Reverses Prometheus' value-encoding escaping of label names ({@code U__} prefix, {@code __} for
   * {@code _}, {@code _<hex>_} for a code point); returns the input when it is not valid.
   */
  static String unescapeName(String escaped) {
    StringBuilder sb = new StringBuilder();
    String s = escaped.substring(3);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '_') {
        sb.append(c);
        continue;
      }
      int close = s.indexOf('_', i + 1);
      if (close < 0) {
        return escaped;
      }
      if (close == i + 1) {
        sb.append('_');
        i = close;
        continue;
      }
      try {
        sb.appendCodePoint(Integer.parseInt(s, i + 1, close, 16));
      } catch (IllegalArgumentException e) {
        return escaped;
      }
      i = close;
    }
    return sb.toString();
  }

  // ---- status ----

  private WebResponse buildInfo(WebRequest r) {
    Map<String, String> info = status.buildInfo();
    return ApiJson.success(g -> ApiJson.writeStringMap(g, info));
  }

  private WebResponse flags(WebRequest r) {
    Map<String, String> flags = status.flags();
    return ApiJson.success(g -> ApiJson.writeStringMap(g, flags));
  }

  private WebResponse config(WebRequest r) {
    String yaml = status.configYaml();
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          g.writeStringField("yaml", yaml);
          g.writeEndObject();
        });
  }

  private WebResponse runtimeInfo(WebRequest r) {
    ServerStatus.RuntimeInfo i = status.runtimeInfo();
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          g.writeStringField("startTime", Instant.ofEpochMilli(i.startTime()).toString());
          g.writeStringField("CWD", i.cwd());
          g.writeStringField("hostname", i.hostname());
          g.writeStringField("serverTime", Instant.ofEpochMilli(i.serverTime()).toString());
          g.writeBooleanField("reloadConfigSuccess", i.reloadConfigSuccess());
          g.writeStringField("lastConfigTime", Instant.ofEpochMilli(i.lastConfigTime()).toString());
          g.writeNumberField("corruptionCount", i.corruptionCount());
          g.writeNumberField("goroutineCount", i.goroutineCount());
          g.writeNumberField("GOMAXPROCS", i.gomaxprocs());
          g.writeNumberField("GOMEMLIMIT", i.gomemlimit());
          g.writeStringField("GOGC", i.gogc());
          g.writeStringField("GODEBUG", i.godebug());
          g.writeStringField("storageRetention", i.storageRetention());
          g.writeEndObject();
        });
  }

  private TsdbAdmin tsdb() {
    TsdbAdmin t = tsdb;
    if (t == null) {
      throw new ApiException(ErrorType.UNAVAILABLE, "TSDB not ready");
    }
    return t;
  }

  private WebResponse tsdbStatus(WebRequest r) {
    int limit = 10;
    String s = r.param("limit");
    if (!s.isEmpty()) {
      try {
        limit = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        limit = 0;
      }
      if (limit < 1) {
        throw new ApiException(ErrorType.BAD_DATA, "limit must be a positive number");
      }
      if (limit > MAX_TSDB_LIMIT) {
        throw new ApiException(ErrorType.BAD_DATA, "limit must not exceed " + MAX_TSDB_LIMIT);
      }
    }
    TsdbAdmin.TsdbStatus st = tsdb().status(limit);
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          g.writeObjectFieldStart("headStats");
          TsdbAdmin.HeadStats h = st.headStats();
          g.writeNumberField("numSeries", h.numSeries());
          g.writeNumberField("numLabelPairs", h.numLabelPairs());
          g.writeNumberField("chunkCount", h.chunkCount());
          g.writeNumberField("minTime", h.minTime());
          g.writeNumberField("maxTime", h.maxTime());
          g.writeEndObject();
          writeStats(g, "seriesCountByMetricName", st.seriesCountByMetricName());
          writeStats(g, "labelValueCountByLabelName", st.labelValueCountByLabelName());
          writeStats(g, "memoryInBytesByLabelName", st.memoryInBytesByLabelName());
          writeStats(g, "seriesCountByLabelValuePair", st.seriesCountByLabelValuePair());
          g.writeEndObject();
        });
  }

  private static void writeStats(JsonGenerator g, String field, List<TsdbAdmin.Stat> stats)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (TsdbAdmin.Stat s : stats) {
      g.writeStartObject();
      g.writeStringField("name", s.name());
      g.writeNumberField("value", s.value());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private WebResponse walReplay(WebRequest r) {
    TsdbAdmin.WalReplayStatus w =
        tsdb == null ? new TsdbAdmin.WalReplayStatus(0, 0, 0) : tsdb.walReplayStatus();
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          g.writeNumberField("min", w.min());
          g.writeNumberField("max", w.max());
          g.writeNumberField("current", w.current());
          g.writeEndObject();
        });
  }

  // ---- admin ----

  private void requireAdmin() {
    if (!enableAdmin) {
      throw new ApiException(ErrorType.UNAVAILABLE, "admin APIs disabled");
    }
  }

  private WebResponse snapshot(WebRequest r) throws IOException {
    requireAdmin();
    boolean skipHead = false;
    String sh = r.param("skip_head");
    if (!sh.isEmpty()) {
      Boolean b = parseGoBool(sh);
      if (b == null) {
        throw ApiException.invalidParam(
            "skip_head",
            "unable to parse boolean: strconv.ParseBool: parsing \"" + sh + "\": invalid syntax");
      }
      skipHead = b;
    }
    String name = tsdb().snapshot(!skipHead);
    return ApiJson.success(
        g -> {
          g.writeStartObject();
          g.writeStringField("name", name);
          g.writeEndObject();
        });
  }

  static @Nullable Boolean parseGoBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> null;
    };
  }

  private WebResponse deleteSeries(WebRequest r) throws IOException {
    requireAdmin();
    List<String> match = r.params("match[]");
    if (match.isEmpty()) {
      throw new ApiException(ErrorType.BAD_DATA, "no match[] parameter provided");
    }
    long start = ApiParams.timeParam(r.param("start"), "start", ApiParams.MIN_TIME_MS);
    long end = ApiParams.timeParam(r.param("end"), "end", ApiParams.MAX_TIME_MS);
    List<List<Matcher>> sets = new ArrayList<>();
    for (String s : match) {
      try {
        sets.add(PromqlParser.parseMetricSelector(s));
      } catch (ParseException e) {
        throw ApiException.invalidParam("match[]", e.getMessage());
      }
    }
    TsdbAdmin t = tsdb();
    for (List<Matcher> set : sets) {
      t.deleteSeries(start, end, set);
    }
    return WebResponse.empty(204);
  }

  private WebResponse cleanTombstones(WebRequest r) throws IOException {
    requireAdmin();
    tsdb().cleanTombstones();
    return WebResponse.empty(204);
  }
}
