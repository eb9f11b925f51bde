package io.argus.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.argus.model.labels.Labels;
import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.QueryResult;
import io.argus.storage.ChunkQueryable;
import io.argus.storage.Queryable;
import io.argus.store.dedup.GapFillDeduplicator;
import io.argus.store.grpc.GrpcStoreClient;
import io.argus.store.grpc.GrpcStoreServer;
import io.argus.store.proxy.ProxyStore;
import io.argus.store.proxy.StoreEndpoint;
import io.argus.store.query.StoreQueryOptions;
import io.argus.store.query.StoreQueryable;
import io.argus.store.tsdb.TsdbStore;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.querier.BlockQueriers;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Issue 9, acceptance 7, end to end in one JVM: 6 h range queries (15 s step) over the block of
 * {@link QueryBenchData} (10k series x 6 h), evaluated by the engine directly over the block and
 * through the querier over two replicas (two {@link GrpcStoreServer}s on loopback gRPC, each a
 * {@link TsdbStore} over the same block with its own {@code replica} external label, the proxy with
 * its k-way merge, and the default gap-filling dedup). Direct and querier runs alternate, so both
 * see the same background load of the shared machine; every query is first run a few rounds untimed
 * on both paths. Prints per query the median, min and max wall time of each path, the ratio of the
 * medians, the mean CPU time of the whole process per query (servers, clients and engine alike, so
 * the querier's CPU includes both replicas' servers) and its ratio, and whether the two paths gave
 * equal results (the replicas hold the same samples, so dedup must give exactly one replica's
 * series). On a shared, loaded machine the CPU ratio is the steadier one.
 *
 * <p>Usage: {@code java -Xmx2g -cp benchmarks.jar io.argus.bench.QuerierBenchHarness [work-dir]
 * [runs] [warm-up rounds] [query names...]} with names from {@link #QUERIES} (default all). With
 * {@code -Dharness.querierOnly=true} the warm-up and timed runs are the querier's alone (for
 * profiles, and for runs that give each path a JVM of its own as a deployment does; the direct
 * figures and ratios are then meaningless), with {@code -Dharness.directOnly=true} the direct
 * path's alone; both still compare the two paths' results once, after the timed runs. With {@code
 * -Dharness.replicas=1} only replica {@code a} is served, which prices the querier path apart from
 * the second replica. With {@code -Dharness.serverProcess=true} the two StoreAPI servers run in a
 * child JVM ({@link ServersMain}, {@code -Xmx2g}) instead, as replicas do on machines of their own:
 * the querier's CPU is then the querier process alone, and the servers' CPU is printed apart
 * ({@code cpu srv}, both servers, from the child's CPU time). With {@code -Dharness.threadCpu=true}
 * the CPU time of this process' threads during each query's timed runs is printed per query and
 * thread name (digits folded, from {@code /proc/self/task}; threads that end within the runs are
 * left out), compiler and GC threads included: where the querier path's extra CPU goes, and whether
 * the JIT still compiles.
 */
public final class QuerierBenchHarness {
  /** The queries by short name: a rate aggregation, a raw selector, and a quantile over rates. */
  static final Map<String, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("sumRate", QueryBenchData.QUERIES_BY_NAME.get("sumRate"));
    QUERIES.put("raw", "x{job=~\"job-[0-4]\"}");
    QUERIES.put("p99", QueryBenchData.QUERIES_BY_NAME.get("p99"));
    QUERIES.put("topk", QueryBenchData.QUERIES_BY_NAME.get("topk"));
  }

  private static final OperatingSystemMXBean CPU =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private QuerierBenchHarness() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/promql-bench");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    List<String> names =
        args.length > 3
            ? Arrays.asList(args).subList(3, args.length)
            : List.copyOf(QUERIES.keySet());
    // For profiles of the querier path alone: its timed runs only, no direct ones.
    boolean profileQuerier = Boolean.getBoolean("harness.querierOnly");
    boolean profileDirect = Boolean.getBoolean("harness.directOnly");
    boolean threadCpu = Boolean.getBoolean("harness.threadCpu");
    PrintStream out = System.out;
    Path blockDir = QueryBenchData.ensureBlock(work.resolve("argus-data"));
    Engine engine = new Engine(EngineOptions.DEFAULT);
    boolean serverProcess = Boolean.getBoolean("harness.serverProcess");
    try (PersistedBlock block = QueryBenchData.open(blockDir);
        Querier querier =
            serverProcess ? Querier.startInChild(work, blockDir) : Querier.start(block)) {
      Queryable direct = (mint, maxt) -> BlockQueriers.over(List.of(block), mint, maxt);
      out.printf(
          Locale.ROOT,
          "%-8s %9s %17s %9s %17s %7s %8s %8s %7s %7s %7s %7s  %s%n",
          "query",
          "direct ms",
          "(min-max)",
          "querier",
          "(min-max)",
          "ratio",
          "cpu dir",
          "cpu qry",
          "ratio",
          "MB dir",
          "MB qry",
          "cpu srv",
          "results");
      boolean[] equal = new boolean[names.size()];
      Arrays.fill(equal, true);
      for (String name : names) {
        if (!QUERIES.containsKey(name)) {
          throw new IllegalArgumentException(
              "unknown query " + name + "; known: " + QUERIES.keySet());
        }
      }
      boolean onePath = profileQuerier || profileDirect;
      // Every query is warmed up before any is timed, so no query's figures carry the JIT work
      // of another's first runs. A one-path run warms up only its path, as a server or a querier
      // process would see it, and compares the results after its timed runs.
      for (int w = 0; w < warmups; w++) {
        for (int i = 0; i < names.size(); i++) {
          String query = QUERIES.get(names.get(i));
          if (onePath) {
            eval(engine, profileQuerier ? querier.storage : direct, query);
          } else {
            QueryResult a = eval(engine, direct, query);
            QueryResult b = eval(engine, querier.storage, query);
            equal[i] &= a.value().equals(b.value());
          }
        }
      }
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        String query = QUERIES.get(name);
        double[] d = new double[runs];
        double[] q = new double[runs];
        double[] dc = new double[runs];
        double[] qc = new double[runs];
        double[] da = new double[runs];
        double[] qa = new double[runs];
        double[] sc = new double[runs];
        Map<String, Long> cpuBefore = threadCpu ? threadCpuTicks() : Map.of();
        if (threadCpu) {
          out.printf(
              Locale.ROOT,
              "timed runs of %s from uptime %d ms%n",
              name,
              ManagementFactory.getRuntimeMXBean().getUptime());
        }
        for (int r = 0; r < runs; r++) {
          // Alternating which path goes first evens out load that drifts within a pair.
          if (profileQuerier) {
            timed(engine, querier, query, q, qc, qa, sc, r);
          } else if (profileDirect) {
            timed(engine, direct, query, d, dc, da, r);
          } else if (r % 2 == 0) {
            timed(engine, direct, query, d, dc, da, r);
            timed(engine, querier, query, q, qc, qa, sc, r);
          } else {
            timed(engine, querier, query, q, qc, qa, sc, r);
            timed(engine, direct, query, d, dc, da, r);
          }
        }
        if (threadCpu) {
          out.printf(
              Locale.ROOT,
              "timed runs of %s until uptime %d ms%n",
              name,
              ManagementFactory.getRuntimeMXBean().getUptime());
          Map<String, Long> cpuAfter = threadCpuTicks();
          TreeMap<String, Long> delta = new TreeMap<>();
          cpuAfter.forEach((k, v) -> delta.merge(k, v - cpuBefore.getOrDefault(k, 0L), Long::sum));
          delta.forEach(
              (k, v) -> {
                if (v > 0) {
                  out.printf(
                      Locale.ROOT, "  thread cpu %-16s %8.1f ms per query%n", k, v * 10.0 / runs);
                }
              });
        }
        if (onePath) {
          equal[i] &=
              eval(engine, direct, query)
                  .value()
                  .equals(eval(engine, querier.storage, query).value());
        }
        double dm = median(d);
        double qm = median(q);
        out.printf(
            Locale.ROOT,
            "%-8s %9.1f %17s %9.1f %17s %6.2fx %8.1f %8.1f %6.2fx %7.1f %7.1f %7s  %s%n",
            name,
            dm,
            range(d),
            qm,
            range(q),
            qm / dm,
            mean(dc),
            mean(qc),
            mean(qc) / mean(dc),
            median(da),
            median(qa),
            serverProcess ? String.format(Locale.ROOT, "%.1f", mean(sc)) : "-",
            equal[i] ? "equal" : "DIFFERENT");
      }
      out.println("query names: " + QUERIES);
      out.printf(
          Locale.ROOT,
          "medians of %d alternating runs after %d warm-up rounds of every query;"
              + " cpu: mean process CPU ms per query (each run read at 10 ms resolution,"
              + " so the mean is finer); MB: heap allocated per"
              + " query by all threads%n",
          runs,
          warmups);
    }
  }

  /** CPU clock ticks (10 ms each) of this process per thread name, digits folded, from /proc. */
  private static Map<String, Long> threadCpuTicks() throws IOException {
    Map<String, Long> ticks = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        ticks.merge(name.replaceAll("[0-9]+", "N"), cpu, Long::sum);
      }
    }
    return ticks;
  }

  private static QueryResult eval(Engine engine, Queryable storage, String query) {
    return engine.rangeQuery(
        storage, query, QueryBenchData.START_MS, QueryBenchData.endMs(), QueryBenchData.STEP_MS);
  }

  /**
   * Runs the query once; stores its wall and process CPU time (ms) and the heap bytes allocated by
   * all threads meanwhile (MB) at {@code run}.
   */
  private static void timed(
      Engine engine,
      Queryable storage,
      String query,
      double[] wall,
      double[] cpu,
      double[] alloc,
      int run) {
    long allocStart = THREADS.getTotalThreadAllocatedBytes();
    long cpuStart = CPU.getProcessCpuTime();
    long start = Clock.SYSTEM.nanoTime();
    eval(engine, storage, query);
    wall[run] = (Clock.SYSTEM.nanoTime() - start) / 1e6;
    cpu[run] = (CPU.getProcessCpuTime() - cpuStart) / 1e6;
    alloc[run] = (THREADS.getTotalThreadAllocatedBytes() - allocStart) / 1e6;
  }

  /** As above through the querier; also stores the server child's CPU ms (0 without one). */
  private static void timed(
      Engine engine,
      Querier querier,
      String query,
      double[] wall,
      double[] cpu,
      double[] alloc,
      double[] serverCpu,
      int run) {
    long serverStart = querier.serverCpuNanos();
    timed(engine, querier.storage, query, wall, cpu, alloc, run);
    serverCpu[run] = (querier.serverCpuNanos() - serverStart) / 1e6;
  }

  private static String range(double[] v) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return String.format(Locale.ROOT, "(%.1f-%.1f)", min, max);
  }

  static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * The querier of the benchmarks: two StoreAPI servers on loopback gRPC over the same block, with
   * external labels {@code replica="a"} and {@code replica="b"}, their clients, the proxy and the
   * default gap-filling dedup on {@code replica}. Closing it stops the servers.
   */
  static final class Querier implements AutoCloseable {
    final Queryable storage;
    private final List<AutoCloseable> resources;
    private final @Nullable Process servers;

    private Querier(Queryable storage, List<AutoCloseable> resources, @Nullable Process servers) {
      this.storage = storage;
      this.resources = resources;
      this.servers = servers;
    }

    /** The servers in this JVM. */
    static Querier start(PersistedBlock block) throws IOException {
      List<AutoCloseable> resources = new ArrayList<>();
      List<String> addresses = new ArrayList<>();
      for (GrpcStoreServer server : startServers(block)) {
        resources.add(server);
        addresses.add(server.address());
      }
      return over(addresses, resources, null);
    }

    /** The servers in a child JVM running {@link ServersMain} over the block in {@code dir}. */
    static Querier startInChild(Path work, Path blockDir) throws IOException {
      List<String> cmd =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx2g",
              "-Dharness.replicas=" + Integer.getInteger("harness.replicas", 2),
              "-cp",
              System.getProperty("java.class.path"),
              ServersMain.class.getName(),
              blockDir.toString());
      Process child =
          new ProcessBuilder(cmd).redirectError(work.resolve("servers.log").toFile()).start();
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = lines.readLine();
      if (line == null || !line.startsWith("listening ")) {
        child.destroy();
        throw new IOException("server child did not start; see " + work.resolve("servers.log"));
      }
      List<String> addresses = List.of(line.substring("listening ".length()).split(" "));
      return over(addresses, new ArrayList<>(), child);
    }

    private static Querier over(
        List<String> addresses, List<AutoCloseable> resources, @Nullable Process servers) {
      List<StoreEndpoint> endpoints = new ArrayList<>();
      for (String address : addresses) {
        GrpcStoreClient client = GrpcStoreClient.connect(address, GrpcStoreClient.Options.DEFAULT);
        resources.add(client);
        endpoints.add(StoreEndpoint.healthy(client, client.info()));
      }
      Queryable storage =
          new StoreQueryable(
              new ProxyStore(() -> endpoints, Duration.ZERO, 256),
              new GapFillDeduplicator(),
              new StoreQueryOptions(true, List.of("replica"), true));
      return new Querier(storage, resources, servers);
    }

    /** The CPU time the server child has used so far, ns; 0 without a child. */
    long serverCpuNanos() {
      if (servers == null) {
        return 0;
      }
      return servers.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    @Override
    public void close() throws Exception {
      for (AutoCloseable c : resources.reversed()) {
        c.close();
      }
      if (servers != null) {
        servers.getOutputStream().close(); // the child stops at the end of its input
        if (!servers.waitFor(30, TimeUnit.SECONDS)) {
          servers.destroyForcibly();
        }
      }
    }
  }

  /** The two replica servers over one block; the caller closes them. */
  static List<GrpcStoreServer> startServers(PersistedBlock block) throws IOException {
    ChunkQueryable chunks = (mint, maxt) -> BlockQueriers.chunksOver(List.of(block), mint, maxt);
    List<GrpcStoreServer> servers = new ArrayList<>();
    List<String> replicas =
        Integer.getInteger("harness.replicas", 2) == 1 ? List.of("a") : List.of("a", "b");
    for (String replica : replicas) {
      TsdbStore store =
          new TsdbStore(
              "replica-" + replica,
              chunks,
              () -> Labels.of("replica", replica),
              () -> QueryBenchData.START_MS,
              () -> Long.MAX_VALUE);
      servers.add(
          GrpcStoreServer.start(
              "127.0.0.1",
              0,
              store,
              GrpcStoreServer.Options.DEFAULT,
              new PrometheusRegistry(),
              Clock.SYSTEM));
    }
    return servers;
  }

  /**
   * The child of {@code -Dharness.serverProcess=true}: serves the two replicas over the block in
   * {@code args[0]}, prints {@code listening <address> <address>}, and stops at the end of its
   * standard input.
   */
  public static final class ServersMain {
    private ServersMain() {}

    public static void main(String[] args) throws Exception {
      try (PersistedBlock block = QueryBenchData.open(Path.of(args[0]))) {
        List<GrpcStoreServer> servers = startServers(block);
        StringBuilder sb = new StringBuilder("listening");
        for (GrpcStoreServer s : servers) {
          sb.append(' ').append(s.address());
        }
        System.out.println(sb);
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
        for (GrpcStoreServer s : servers) {
          s.close();
        }
      }
    }
  }
}
