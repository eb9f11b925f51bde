package io.argus.store.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.argus.model.labels.Labels;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.remote.proto.ProtoException;
import io.argus.remote.proto.ProtoWriter;
import io.argus.remote.proto.ReadCodec;
import io.argus.remote.proto.ReadRequest;
import io.argus.storage.ChunkSeries;
import io.argus.storage.SelectHints;
import io.argus.storage.merge.SeriesSets;
import io.argus.store.LabelRequest;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreException;
import io.argus.store.StoreInfo;
import io.argus.store.StoreSeriesSet;
import io.argus.store.metadata.MetadataResult;
import io.argus.store.metadata.MetricMeta;
import io.argus.store.metadata.MetricMetadataSource;
import io.argus.store.proxy.ReplicaLabels;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.xerial.snappy.Snappy;

/**
 * A plain Prometheus as a {@link SeriesStore} (Thanos' sidecar without the sidecar). {@code Series}
 * is a remote read ({@code POST /api/v1/read}) asking for {@code STREAMED_XOR_CHUNKS}; Prometheus
 * adds its external labels to the series and treats equality matchers on them itself. Replica
 * labels are stripped here and the series re-sorted. {@code Info} reads the external labels from
 * {@code /api/v1/status/config} ({@code global.external_labels}) and the lowest timestamp from
 * {@code /api/v1/status/tsdb}'s head statistics and the {@code prometheus_tsdb_lowest_timestamp}
 * gauge of {@code /metrics} (blocks older than the head); the upper bound is open (it keeps
 * scraping), as Thanos' sidecar advertises. Label names and values come from {@code /api/v1/labels}
 * and {@code /api/v1/label/<name>/values}, with the external labels added; metric metadata from
 * {@code /api/v1/metadata}. Thread-safe.
 */
public final class PrometheusRemoteReadStore implements SeriesStore, MetricMetadataSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String STREAMED = "application/x-streamed-protobuf";

  private final URI base;
  private final String name;
  private final HttpClient http;
  private final Duration timeout;
  private volatile Labels externalLabels = Labels.EMPTY;

  /**
   * @param base the Prometheus' base URL, e.g. {@code http://127.0.0.1:9090}
   * @param timeout the longest one HTTP exchange may take
   */
  public PrometheusRemoteReadStore(URI base, Duration timeout) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.name = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StoreInfo info() {
    JsonNode config = getJson("api/v1/status/config");
    Labels external = externalLabels(config.path("yaml").asText(""));
    externalLabels = external;
    JsonNode tsdb = getJson("api/v1/status/tsdb");
    long min = Long.MAX_VALUE;
    JsonNode head = tsdb.path("headStats");
    if (head.has("minTime")) {
      min = head.get("minTime").asLong(Long.MAX_VALUE);
    }
    Long lowest = lowestTimestamp();
    if (lowest != null) {
      min = Math.min(min, lowest);
    }
    if (min == Long.MAX_VALUE) {
      // An empty Prometheus: it will hold data from now on.
      min = Long.MIN_VALUE;
    }
    return new StoreInfo(
        external.isEmpty() ? List.of() : List.of(external), min, Long.MAX_VALUE, "sidecar", true);
  }

  /** Parses {@code global.external_labels} out of the configuration YAML. */
  static Labels externalLabels(String yaml) {
    if (yaml.isBlank()) {
      return Labels.EMPTY;
    }
    try {
      JsonNode labels = YAML.readTree(yaml).path("global").path("external_labels");
      List<String> pairs = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        pairs.add(e.getKey());
        pairs.add(e.getValue().asText());
      }
      return Labels.of(pairs.toArray(String[]::new));
    } catch (IOException e) {
      throw new StoreException("parsing the configuration YAML: " + e.getMessage(), e);
    }
  }

  private @org.jspecify.annotations.Nullable Long lowestTimestamp() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("metrics")).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        return null;
      }
      for (String line : r.body().split("\n")) {
        if (line.startsWith("prometheus_tsdb_lowest_timestamp ")) {
          return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
        }
      }
      return null;
    } catch (IOException | NumberFormatException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while asking " + name, e);
    }
  }

  private JsonNode getJson(String path) {
    HttpResponse<InputStream> r = send(HttpRequest.newBuilder(base.resolve(path)).GET());
    try (InputStream in = r.body()) {
      byte[] body = in.readAllBytes();
      if (r.statusCode() / 100 != 2) {
        throw new StoreException(
            name
                + ": GET /"
                + path
                + " returned HTTP status "
                + r.statusCode()
                + ": "
                + snippet(body));
      }
      JsonNode root = JSON.readTree(body);
      if (!"success".equals(root.path("status").asText())) {
        throw new StoreException(name + ": GET /" + path + ": " + root.path("error").asText());
      }
      return root.path("data");
    } catch (IOException e) {
      throw new StoreException(name + ": GET /" + path + ": " + e.getMessage(), e);
    }
  }

  private HttpResponse<InputStream> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new StoreException(
          name + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while asking " + name, e);
    }
  }

  private static String snippet(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8);
    return s.strip();
  }

  @Override
  public StoreSeriesSet series(SeriesRequest request) {
    List<ReadRequest.LabelMatcher> matchers = new ArrayList<>();
    for (Matcher m : request.matchers()) {
      matchers.add(new ReadRequest.LabelMatcher(wireType(m.type()), m.name(), m.value()));
    }
    SelectHints h = request.hints();
    ReadRequest.ReadHints hints =
        h.func() == null
            ? null
            : new ReadRequest.ReadHints(
                h.step(),
                h.func(),
                request.minTime(),
                request.maxTime(),
                h.grouping(),
                h.by(),
                h.range());
    ReadRequest read =
        new ReadRequest(
            List.of(new ReadRequest.Query(request.minTime(), request.maxTime(), matchers, hints)),
            List.of(ReadRequest.STREAMED_XOR_CHUNKS));
    ProtoWriter w = new ProtoWriter();
    ReadCodec.encodeRequest(read, w);
    byte[] body;
    try {
      body = Snappy.compress(w.toByteArray());
    } catch (IOException e) {
      throw new StoreException(
          "compressing remote read request for " + name + ": " + e.getMessage(), e);
    }
    HttpResponse<InputStream> r =
        send(
            HttpRequest.newBuilder(base.resolve("api/v1/read"))
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Read-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    List<ChunkSeries> series = new ArrayList<>();
    int skipped;
    try (InputStream in = r.body()) {
      if (r.statusCode() / 100 != 2) {
        throw new StoreException(
            "remote read from "
                + name
                + ": server returned HTTP status "
                + r.statusCode()
                + ": "
                + snippet(in.readNBytes(512)));
      }
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (!type.startsWith(STREAMED)) {
        throw new StoreException(
            "remote read from " + name + ": expected streamed chunks, got content type " + type);
      }
      ChunkedReadDecoder decoder = new ChunkedReadDecoder(in);
      for (ChunkedReadDecoder.DecodedSeries s : decoder.readAll()) {
        series.add(
            request.skipChunks() ? new ChunkedReadDecoder.DecodedSeries(s.labels(), List.of()) : s);
      }
      skipped = decoder.skippedChunks();
    } catch (IOException | ProtoException e) {
      throw new StoreException("remote read from " + name + ": " + e.getMessage(), e);
    }
    List<ChunkSeries> sorted = ReplicaLabels.stripAndSort(series, request.withoutReplicaLabels());
    List<String> warnings =
        skipped == 0
            ? List.of()
            : List.of(
                name + ": left out " + skipped + " chunks of unsupported (histogram) encodings");
    return new ListStoreSeriesSet(sorted, warnings);
  }

  private static int wireType(MatchType t) {
    return switch (t) {
      case EQUAL -> 0;
      case NOT_EQUAL -> 1;
      case REGEX -> 2;
      case NOT_REGEX -> 3;
    };
  }

  /** A finished stream held in memory. */
  private static final class ListStoreSeriesSet implements StoreSeriesSet {
    private final io.argus.storage.ChunkSeriesSet set;
    private final List<String> warnings;

    ListStoreSeriesSet(List<ChunkSeries> series, List<String> warnings) {
      this.set = SeriesSets.fromChunkSeries(series);
      this.warnings = warnings;
    }

    @Override
    public boolean next() {
      return set.next();
    }

    @Override
    public ChunkSeries at() {
      return set.at();
    }

    @Override
    public List<String> warnings() {
      return warnings;
    }

    @Override
    public void close() {}
  }

  @Override
  public LabelResult labelNames(LabelRequest request) {
    return labels(request, null);
  }

  @Override
  public LabelResult labelValues(String labelName, LabelRequest request) {
    return labels(request, labelName);
  }

  private LabelResult labels(
      LabelRequest request, @org.jspecify.annotations.Nullable String labelName) {
    Labels external = externalLabels;
    List<String> selector = new ArrayList<>();
    for (Matcher m : request.matchers()) {
      String ext = external.get(m.name());
      if (ext != null) {
        if (!m.matches(ext)) {
          return new LabelResult(List.of(), List.of());
        }
        continue;
      }
      selector.add(m.name() + m.type().operator() + quote(m.value()));
    }
    StringBuilder q = new StringBuilder();
    if (!selector.isEmpty()) {
      q.append("match[]=").append(enc("{" + String.join(",", selector) + "}"));
    }
    if (request.minTime() != Long.MIN_VALUE) {
      q.append(q.isEmpty() ? "" : "&").append("start=").append(seconds(request.minTime()));
    }
    if (request.maxTime() != Long.MAX_VALUE) {
      q.append(q.isEmpty() ? "" : "&").append("end=").append(seconds(request.maxTime()));
    }
    String path =
        labelName == null
            ? "api/v1/labels"
            : "api/v1/label/" + URLEncoder.encode(labelName, StandardCharsets.UTF_8) + "/values";
    JsonNode data = getJson(path + (q.isEmpty() ? "" : "?" + q));
    TreeSet<String> values = new TreeSet<>(io.argus.model.labels.Utf8Order.COMPARATOR);
    data.forEach(v -> values.add(v.asText()));
    boolean any = !values.isEmpty();
    if (labelName == null) {
      if (any) {
        external.forEach((n, v) -> values.add(n));
      }
      request.withoutReplicaLabels().forEach(values::remove);
    } else {
      String ext = external.get(labelName);
      if (ext != null) {
        values.clear();
        values.add(ext);
      }
      if (request.withoutReplicaLabels().contains(labelName)) {
        values.clear();
      }
    }
    List<String> out = new ArrayList<>(values);
    if (request.limit() > 0 && out.size() > request.limit()) {
      out = out.subList(0, (int) request.limit());
    }
    return new LabelResult(out, List.of());
  }

  /** {@code GET /api/v1/metadata?metric=…&limit=…}; a failure names this Prometheus. */
  @Override
  public MetadataResult metricMetadata(String metric, int limit, boolean partialResponse) {
    StringBuilder q = new StringBuilder("api/v1/metadata");
    char sep = '?';
    if (!metric.isEmpty()) {
      q.append(sep).append("metric=").append(enc(metric));
      sep = '&';
    }
    if (limit >= 0) {
      q.append(sep).append("limit=").append(limit);
    }
    JsonNode data;
    try {
      data = getJson(q.toString());
    } catch (StoreException e) {
      if (!partialResponse) {
        throw e;
      }
      return new MetadataResult(Map.of(), List.of(String.valueOf(e.getMessage())));
    }
    Map<String, List<MetricMeta>> out = new java.util.TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> family = it.next();
      List<MetricMeta> metas = new ArrayList<>();
      for (JsonNode m : family.getValue()) {
        MetricMeta meta =
            new MetricMeta(
                m.path("type").asText(""), m.path("help").asText(""), m.path("unit").asText(""));
        if (!metas.contains(meta)) {
          metas.add(meta);
        }
      }
      out.put(family.getKey(), metas);
    }
    return new MetadataResult(out, List.of());
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String seconds(long ms) {
    return java.math.BigDecimal.valueOf(ms, 3).toPlainString();
  }
}
