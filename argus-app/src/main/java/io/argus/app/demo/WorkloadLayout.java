package io.argus.app.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The series every target of a demo workload exposes, in exposition order, and what drives each
 * value. It looks like one replica of a small web service: {@code http_requests_total} by method,
 * path and status, an {@code http_request_duration_seconds} histogram by method and path (classic
 * buckets), process gauges and counters, and, to reach an exact series count, worker queue
 * lengths. All targets of a workload share one layout, as replicas of one service do; only their
 * values differ ({@link DemoTarget}). Immutable and thread-safe.
 *
 * <p>Values are driven by per-endpoint request totals that grow at a rate varying slowly over
 * time; a status counter, bucket or sum is a fixed share of its endpoint's total, so buckets are
 * cumulative and every counter is monotonic.
 */
public final class WorkloadLayout {
  /** Upper bounds of the latency histogram's buckets, before {@code +Inf}. */
  static final double[] BUCKET_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private static final String[] BUCKET_LABELS = {
    "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"
  };

  /** Series per endpoint: three status counters, 12 buckets (with +Inf), sum and count. */
  public static final int SERIES_PER_ENDPOINT = 17;

  /** Series every layout has whatever its size: process metrics, in-flight requests, build info. */
  public static final int FIXED_SERIES = 6;

  /** The endpoints of {@link #standard()}. */
  public static final int STANDARD_ENDPOINTS = 10;

  private static final double LATENCY_SIGMA = 0.8;

  /** How a sample's value is computed. */
  enum Kind {
    /** floor(share × the driver's total): status counters, buckets, histogram counts. */
    REQUESTS,
    /** share × the driver's total, fixed-point: histogram sums, CPU seconds. */
    SCALED_TOTAL,
    /** level + amplitude × sine + noise, rounded to a quantum and at least 0. */
    GAUGE,
    /** The target's start time in Unix seconds. */
    START_TIME
  }

  private record Endpoint(String method, String path, double rate, double medianSeconds) {}

  /** A metric family: its metadata lines per format and its samples' index range. */
  record Family(byte[] textMetadata, byte[] openMetricsMetadata, int start, int end) {}

  private final List<Family> families = new ArrayList<>();
  private final List<byte[]> prefixes = new ArrayList<>();
  private final List<Kind> kinds = new ArrayList<>();
  private final List<Integer> drivers = new ArrayList<>();
  private final List<Integer> decimals = new ArrayList<>();
  private final List<double[]> parameters = new ArrayList<>();
  private final double[] driverRates;

  private final byte[][] samplePrefixes;
  private final Kind[] sampleKinds;
  private final int[] sampleDrivers;
  private final int[] sampleDecimals;
  private final double[][] sampleParameters;

  private WorkloadLayout(int endpointCount, int queueCount) {
    List<Endpoint> endpoints = endpoints(endpointCount);
    driverRates = new double[endpointCount + 1];
    for (int e = 0; e < endpointCount; e++) {
      driverRates[e] = endpoints.get(e).rate();
    }
    int cpuDriver = endpointCount;
    driverRates[cpuDriver] = 0.02 + 0.0004 * endpointCount;

    int start = 0;
    for (int e = 0; e < endpoints.size(); e++) {
      Endpoint endpoint = endpoints.get(e);
      boolean get = endpoint.method().equals("GET");
      String[] statuses =
          get ? new String[] {"200", "404", "500"} : new String[] {"201", "400", "500"};
      double[] shares = {0.962, 0.033, 0.005};
      for (int s = 0; s < 3; s++) {
        add(
            "http_requests_total",
            labels("method", endpoint.method(), "path", endpoint.path(), "status", statuses[s]),
            Kind.REQUESTS,
            e,
            0,
            shares[s]);
      }
    }
    start = family("http_requests", "counter", "Total HTTP requests by method, path and status.",
        null, start);

    for (int e = 0; e < endpoints.size(); e++) {
      Endpoint endpoint = endpoints.get(e);
      String labels = labels("method", endpoint.method(), "path", endpoint.path());
      String inner = labels.substring(1, labels.length() - 1);
      for (int b = 0; b < BUCKET_LABELS.length; b++) {
        double share =
            b < BUCKET_BOUNDS.length
                ? Math.min(1, lognormalCdf(BUCKET_BOUNDS[b], endpoint.medianSeconds()))
                : 1;
        add(
            "http_request_duration_seconds_bucket",
            "{" + inner + ",le=\"" + BUCKET_LABELS[b] + "\"}",
            Kind.REQUESTS,
            e,
            0,
            share);
      }
      double meanSeconds = endpoint.medianSeconds() * Math.exp(LATENCY_SIGMA * LATENCY_SIGMA / 2);
      add("http_request_duration_seconds_sum", labels, Kind.SCALED_TOTAL, e, 6, meanSeconds);
      add("http_request_duration_seconds_count", labels, Kind.REQUESTS, e, 0, 1);
    }
    start = family("http_request_duration_seconds", "histogram",
        "Latency of HTTP requests by method and path.", "seconds", start);

    add("http_requests_in_flight", "", Kind.GAUGE, 0, 0, 4, 3, 2, 1);
    start = family("http_requests_in_flight", "gauge", "HTTP requests being served.", null, start);
    add("process_cpu_seconds_total", "", Kind.SCALED_TOTAL, cpuDriver, 2, 1);
    start = family("process_cpu_seconds", "counter", "Total user and system CPU time spent.",
        "seconds", start);
    add("process_resident_memory_bytes", "", Kind.GAUGE, 0, 0, 80e6, 12e6, 1e6, 4096);
    start = family("process_resident_memory_bytes", "gauge", "Resident memory size.", "bytes",
        start);
    add("process_open_fds", "", Kind.GAUGE, 0, 0, 45, 5, 2, 1);
    start = family("process_open_fds", "gauge", "Number of open file descriptors.", null, start);
    add("process_start_time_seconds", "", Kind.START_TIME, 0, 2);
    start = family("process_start_time_seconds", "gauge",
        "Start time of the process since the Unix epoch.", "seconds", start);
    add("demo_build_info", labels("version", "1.4.2", "revision", "3f2c9e1"), Kind.GAUGE, 0, 0,
        1, 0, 0, 1);
    start = family("demo_build_info", "gauge", "Build information of the demo service.", null,
        start);
    if (queueCount > 0) {
      for (int q = 0; q < queueCount; q++) {
        add("demo_worker_queue_length", labels("worker", String.valueOf(q)), Kind.GAUGE, 0, 0,
            3, 3, 3, 1);
      }
      family("demo_worker_queue_length", "gauge", "Jobs waiting in a worker's queue.", null,
          start);
    }

    samplePrefixes = prefixes.toArray(byte[][]::new);
    sampleKinds = kinds.toArray(Kind[]::new);
    sampleDrivers = drivers.stream().mapToInt(Integer::intValue).toArray();
    sampleDecimals = decimals.stream().mapToInt(Integer::intValue).toArray();
    sampleParameters = parameters.toArray(double[][]::new);
  }

  /** The layout of a small web service with {@value #STANDARD_ENDPOINTS} endpoints. */
  public static WorkloadLayout standard() {
    return new WorkloadLayout(STANDARD_ENDPOINTS, 0);
  }

  /**
   * A layout of exactly {@code series} series: as many endpoints as fit, the rest worker queues.
   *
   * @throws IllegalArgumentException if {@code series} is below {@value #FIXED_SERIES}
   */
  public static WorkloadLayout forSeries(int series) {
    if (series < FIXED_SERIES) {
      throw new IllegalArgumentException(
          "a demo target has at least " + FIXED_SERIES + " series, got " + series);
    }
    int endpoints = (series - FIXED_SERIES) / SERIES_PER_ENDPOINT;
    return new WorkloadLayout(endpoints, series - FIXED_SERIES - endpoints * SERIES_PER_ENDPOINT);
  }

  /** The number of series (sample lines) one target exposes. */
  public int seriesCount() {
    return samplePrefixes.length;
  }

  List<Family> families() {
    return families;
  }

  /** The bytes before a sample's value: name, labels and a space. */
  byte[] prefix(int sample) {
    return samplePrefixes[sample];
  }

  Kind kind(int sample) {
    return sampleKinds[sample];
  }

  int driver(int sample) {
    return sampleDrivers[sample];
  }

  int decimals(int sample) {
    return sampleDecimals[sample];
  }

  /** The kind's parameters: the share of the driver's total, or the gauge's shape. */
  double[] parameters(int sample) {
    return sampleParameters[sample];
  }

  /** Per-second growth of each driver's total before the target's factor: endpoints, then CPU. */
  double driverRate(int driver) {
    return driverRates[driver];
  }

  int driverCount() {
    return driverRates.length;
  }

  private void add(
      String name, String labels, Kind kind, int driver, int decimalPlaces, double... parameters) {
    prefixes.add((name + labels + " ").getBytes(StandardCharsets.UTF_8));
    kinds.add(kind);
    drivers.add(driver);
    decimals.add(decimalPlaces);
    this.parameters.add(parameters);
  }

  /** Closes the family whose samples start at {@code start}; returns the next family's start. */
  private int family(String name, String type, String help, @Nullable String unit, int start) {
    String textName = type.equals("counter") ? name + "_total" : name;
    String text = "# HELP " + textName + " " + help + "\n# TYPE " + textName + " " + type + "\n";
    String openMetrics =
        "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n"
            + (unit == null ? "" : "# UNIT " + name + " " + unit + "\n");
    families.add(
        new Family(
            text.getBytes(StandardCharsets.UTF_8),
            openMetrics.getBytes(StandardCharsets.UTF_8),
            start,
            prefixes.size()));
    return prefixes.size();
  }

  private static String labels(String... namesAndValues) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (i > 0) {
        b.append(',');
      }
      b.append(namesAndValues[i]).append("=\"");
      for (char c : namesAndValues[i + 1].toCharArray()) {
        switch (c) {
          case '\\' -> b.append("\\\\");
          case '"' -> b.append("\\\"");
          case '\n' -> b.append("\\n");
          default -> b.append(c);
        }
      }
      b.append('"');
    }
    return b.append('}').toString();
  }

  private static List<Endpoint> endpoints(int count) {
    Object[][] named = {
      {"GET", "/", 0.02},
      {"GET", "/api/v1/products", 0.035},
      {"GET", "/api/v1/products/{id}", 0.015},
      {"GET", "/api/v1/cart", 0.012},
      {"POST", "/api/v1/cart", 0.025},
      {"POST", "/api/v1/checkout", 0.21},
      {"GET", "/api/v1/users/{id}", 0.018},
      {"POST", "/login", 0.09},
      {"GET", "/static/{file}", 0.002},
      {"GET", "/healthz", 0.0008},
    };
    List<Endpoint> endpoints = new ArrayList<>(count);
    for (int e = 0; e < count; e++) {
      // Popularity falls off like Zipf's law: a few endpoints take most requests.
      double rate = 40.0 / (e + 1);
      if (e < named.length) {
        endpoints.add(
            new Endpoint((String) named[e][0], (String) named[e][1], rate, (double) named[e][2]));
      } else {
        String method = e % 3 == 2 ? "POST" : "GET";
        double median = 0.004 + 0.003 * (e % 17);
        endpoints.add(new Endpoint(method, "/api/v1/resource" + e + "/{id}", rate, median));
      }
    }
    return endpoints;
  }

  /** P(latency ≤ bound) for a log-normal latency with the given median. */
  private static double lognormalCdf(double bound, double median) {
    double z = Math.log(bound / median) / LATENCY_SIGMA;
    return 0.5 * (1 + erf(z / Math.sqrt(2)));
  }

  /** The error function, to about 1e-7 (Abramowitz and Stegun 7.1.26). */
  private static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y =
        1
            - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
                    + 0.254829592)
                * t
                * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  }
}
