package io.argus.scrape;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.scrape.discovery.TargetGroup;
import io.argus.storage.Appendable;
import io.argus.util.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Owns one {@link ScrapePool} per job: {@link #applyConfig} sets the jobs, {@link #updateTargets}
 * feeds discovery results to them, {@link #stop} ends every loop with staleness markers. Its {@link
 * ScrapeTargets} view is what the HTTP API reads. Thread-safe.
 */
public final class ScrapeManager implements ScrapeTargets {
  private final Appendable storage;
  private final ScrapeHttpClient.Factory clients;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ScrapeMetrics metrics;
  private final long offsetSeed;

  /** Body buffers shared by every pool's loops. */
  private final ScrapeBuffers buffers = new ScrapeBuffers();

  private final Map<String, ScrapePool> pools = new LinkedHashMap<>();
  private final Map<String, ScrapeHttpClient> poolClients = new HashMap<>();

  /** The pools by name, replaced after each change so that the views never wait for a reload. */
  private volatile Map<String, ScrapePool> published = Map.of();

  private final Map<String, List<Labels>> lastTargets = new HashMap<>();
  private boolean stopped;

  /**
   * @param clients creates each pool's HTTP client from its options; the manager closes the client
   *     when the pool stops
   * @param externalLabels the server's external labels; they seed the scrape offsets so that HA
   *     replicas scrape at different moments
   */
  public ScrapeManager(
      Appendable storage,
      ScrapeHttpClient.Factory clients,
      Clock clock,
      Sleeper sleeper,
      ScrapeMetrics metrics,
      Labels externalLabels) {
    this.storage = storage;
    this.clients = clients;
    this.clock = clock;
    this.sleeper = sleeper;
    this.metrics = metrics;
    this.offsetSeed = Target.offsetSeed(externalLabels);
  }

  /**
   * Sets the jobs. Pools of removed jobs stop; pools whose settings changed (including their HTTP
   * client options, which get a new client) restart with the targets they had; unchanged pools keep
   * running.
   *
   * @throws IllegalArgumentException when two settings share a job name
   */
  public synchronized void applyConfig(List<ScrapeSettings> jobs) {
    checkRunning();
    Map<String, ScrapeSettings> byName = new LinkedHashMap<>();
    for (ScrapeSettings s : jobs) {
      if (byName.put(s.jobName(), s) != null) {
        throw new IllegalArgumentException(
            "found multiple scrape configs with job name \"" + s.jobName() + "\"");
      }
    }
    for (var it = pools.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      ScrapeSettings next = byName.get(e.getKey());
      if (next == null || !next.equals(e.getValue().settings())) {
        e.getValue().stop();
        closeClient(e.getKey());
        it.remove();
      }
    }
    for (ScrapeSettings s : byName.values()) {
      if (!pools.containsKey(s.jobName())) {
        ScrapeHttpClient http = clients.create(s.http());
        poolClients.put(s.jobName(), http);
        ScrapePool pool =
            new ScrapePool(s, storage, http, clock, sleeper, metrics, offsetSeed, buffers);
        pools.put(s.jobName(), pool);
        pool.sync(lastTargets.getOrDefault(s.jobName(), List.of()));
      }
    }
    published = Collections.unmodifiableMap(new TreeMap<>(pools));
  }

  /**
   * Applies discovery results: for each job in {@code groupsByJob}, its complete current list of
   * target groups. Jobs not in the map keep their targets; groups for unknown jobs are kept until a
   * job with that name is configured.
   */
  public synchronized void updateTargets(Map<String, List<TargetGroup>> groupsByJob) {
    checkRunning();
    for (Map.Entry<String, List<TargetGroup>> e : groupsByJob.entrySet()) {
      List<Labels> targets = flatten(e.getValue());
      lastTargets.put(e.getKey(), targets);
      ScrapePool pool = pools.get(e.getKey());
      if (pool != null) {
        pool.sync(targets);
      }
    }
  }

  /** Returns each target's labels with its group's common labels added where it lacks them. */
  static List<Labels> flatten(List<TargetGroup> groups) {
    List<Labels> out = new ArrayList<>();
    for (TargetGroup g : groups) {
      for (Labels t : g.targets()) {
        LabelsBuilder b = g.commonLabels().toBuilder();
        t.forEach(b::set);
        out.add(b.build());
      }
    }
    return out;
  }

  @Override
  public List<String> scrapePoolNames() {
    return List.copyOf(published.keySet());
  }

  @Override
  public Map<String, List<ActiveTarget>> activeTargets() {
    Map<String, List<ActiveTarget>> out = new TreeMap<>();
    published.forEach((job, pool) -> out.put(job, List.copyOf(pool.activeTargets())));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public Map<String, List<DroppedTarget>> droppedTargets() {
    Map<String, List<DroppedTarget>> out = new TreeMap<>();
    published.forEach((job, pool) -> out.put(job, pool.droppedTargets()));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public Map<String, Integer> droppedTargetCounts() {
    Map<String, Integer> out = new TreeMap<>();
    published.forEach((job, pool) -> out.put(job, pool.droppedTargetCount()));
    return Collections.unmodifiableMap(out);
  }

  /** Stops every pool; their series get staleness markers. */
  public synchronized void stop() {
    stopped = true;
    for (Map.Entry<String, ScrapePool> e : pools.entrySet()) {
      e.getValue().stop();
      closeClient(e.getKey());
    }
    pools.clear();
    published = Map.of();
  }

  private void closeClient(String job) {
    ScrapeHttpClient http = poolClients.remove(job);
    if (http != null) {
      http.close();
    }
  }

  private void checkRunning() {
    if (stopped) {
      throw new IllegalStateException("scrape manager is stopped");
    }
  }
}
