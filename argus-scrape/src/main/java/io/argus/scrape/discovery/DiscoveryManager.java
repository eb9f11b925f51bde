package io.argus.scrape.discovery;

import io.argus.util.Cancellation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the discoverers of every job and hands their merged groups to a consumer.
 *
 * <p>Each distinct {@link DiscovererFactory} (by equality) becomes one provider running on its own
 * virtual thread; jobs with an equal configuration share it. The groups of all providers of a job
 * are merged into one list per job. Changes are coalesced: the consumer receives the full map of
 * every job's groups at most once per update interval (upstream's 5 s), and only if something
 * changed. A job removed by {@link #applyConfig} is delivered once with an empty list.
 *
 * <p>Concurrency: {@link #applyConfig}, {@link #start} and {@link #close} may be called from any
 * thread. The consumer is called from the manager's sender thread only, never under its lock.
 */
public final class DiscoveryManager implements AutoCloseable {
  /** Upstream's minimum time between two updates sent to the scrape manager, 5 seconds. */
  public static final long DEFAULT_UPDATE_INTERVAL_MS = 5_000L;

  private static final Logger logger = LoggerFactory.getLogger(DiscoveryManager.class);

  private final String name;
  private final DiscoveryContext context;
  private final long updateIntervalMs;
  private final Consumer<Map<String, List<TargetGroup>>> consumer;
  private final CancellationSignal stopped = new CancellationSignal();
  private final Object lock = new Object();
  private final Map<DiscovererFactory, Provider> providers = new LinkedHashMap<>();
  private Map<String, List<Provider>> jobs = new LinkedHashMap<>();
  private final Set<String> removedJobs = new LinkedHashSet<>();
  private boolean dirty;
  private @Nullable Thread sender;

  /**
   * Creates a manager; call {@link #start} to begin delivering updates.
   *
   * @param name the manager's name, the {@code name} label of its metrics (upstream: "scrape")
   * @param context what discoverers share
   * @param updateIntervalMs the minimum time between two deliveries
   * @param consumer receives every job's groups; jobs map to their complete group lists
   */
  public DiscoveryManager(
      String name,
      DiscoveryContext context,
      long updateIntervalMs,
      Consumer<Map<String, List<TargetGroup>>> consumer) {
    this.name = name;
    this.context = context;
    this.updateIntervalMs = updateIntervalMs;
    this.consumer = consumer;
  }

  /** Starts the sender thread. */
  public void start() {
    synchronized (lock) {
      if (sender != null) {
        throw new IllegalStateException("discovery manager already started");
      }
      sender = Thread.ofVirtual().name("discovery-sender-" + name).start(this::sendLoop);
    }
  }

  /**
   * Replaces the configuration: providers whose factory is still present keep running (and keep
   * their groups), new ones start, and those no longer present stop. A factory that fails to create
   * its discoverer is logged and counted in {@code prometheus_sd_failed_configs}.
   *
   * @param config each job's discovery configurations, in order
   */
  public void applyConfig(Map<String, List<DiscovererFactory>> config) {
    List<Provider> toStart = new ArrayList<>();
    List<Provider> toStop = new ArrayList<>();
    int failed = 0;
    synchronized (lock) {
      Map<DiscovererFactory, Provider> kept = new LinkedHashMap<>();
      Map<String, List<Provider>> newJobs = new LinkedHashMap<>();
      for (Map.Entry<String, List<DiscovererFactory>> job : config.entrySet()) {
        List<Provider> jobProviders = new ArrayList<>();
        for (DiscovererFactory factory : job.getValue()) {
          Provider p = kept.get(factory);
          if (p == null) {
            p = providers.get(factory);
            if (p == null) {
              Discoverer d;
              try {
                d = factory.create(context);
              } catch (RuntimeException e) {
                failed++;
                logger
                    .atError()
                    .addKeyValue("job", job.getKey())
                    .addKeyValue("err", e.getMessage())
                    .log("cannot create service discovery");
                continue;
              }
              p = new Provider(factory, d);
              toStart.add(p);
            }
            kept.put(factory, p);
          }
          if (!jobProviders.contains(p)) {
            jobProviders.add(p);
          }
        }
        newJobs.put(job.getKey(), jobProviders);
      }
      for (Provider p : providers.values()) {
        if (!kept.containsKey(p.factory)) {
          toStop.add(p);
        }
      }
      for (String job : jobs.keySet()) {
        if (!newJobs.containsKey(job)) {
          removedJobs.add(job);
          context.metrics().discoveredTargets.remove(job, name);
        }
      }
      removedJobs.removeAll(newJobs.keySet());
      providers.clear();
      providers.putAll(kept);
      jobs = newJobs;
      dirty = true;
    }
    context.metrics().failedConfigs.labelValues(name).set(failed);
    for (Provider p : toStop) {
      p.stop();
    }
    for (Provider p : toStart) {
      p.start();
    }
  }

  /** Returns the current groups of every job, including removed jobs not yet delivered. */
  public Map<String, List<TargetGroup>> targetGroups() {
    synchronized (lock) {
      return snapshot();
    }
  }

  /** Returns how many providers run. */
  public int providerCount() {
    synchronized (lock) {
      return providers.size();
    }
  }

  /** Stops the sender and every provider, waiting for their threads to end. */
  @Override
  public void close() {
    stopped.cancel();
    List<Provider> all;
    Thread s;
    synchronized (lock) {
      all = new ArrayList<>(providers.values());
      providers.clear();
      s = sender;
    }
    for (Provider p : all) {
      p.stop();
    }
    if (s != null) {
      s.interrupt();
    }
    try {
      for (Provider p : all) {
        p.join();
      }
      if (s != null) {
        s.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sendLoop() {
    Wakeup never = new Wakeup();
    try {
      while (true) {
        context.waiter().await(never, updateIntervalMs, stopped);
        Map<String, List<TargetGroup>> update;
        synchronized (lock) {
          if (!dirty) {
            continue;
          }
          dirty = false;
          update = snapshot();
          removedJobs.clear();
        }
        try {
          consumer.accept(update);
        } catch (RuntimeException e) {
          logger.atError().setCause(e).log("discovery update consumer failed");
        }
      }
    } catch (Cancellation.CancelledException e) {
      // Closed.
    }
  }

  /** Builds every job's merged groups and updates the target gauges; caller holds the lock. */
  private Map<String, List<TargetGroup>> snapshot() {
    Map<String, List<TargetGroup>> all = new LinkedHashMap<>();
    for (Map.Entry<String, List<Provider>> job : jobs.entrySet()) {
      List<TargetGroup> groups = new ArrayList<>();
      int targets = 0;
      for (Provider p : job.getValue()) {
        for (TargetGroup g : p.groups.values()) {
          groups.add(g);
          targets += g.targets().size();
        }
      }
      context.metrics().discoveredTargets.labelValues(job.getKey(), name).set(targets);
      all.put(job.getKey(), List.copyOf(groups));
    }
    for (String job : removedJobs) {
      all.put(job, List.of());
    }
    return all;
  }

  private void receive(Provider provider, List<TargetGroup> update) {
    synchronized (lock) {
      if (provider.signal.isCancelled()) {
        return;
      }
      for (TargetGroup g : update) {
        if (g.targets().isEmpty()) {
          provider.groups.remove(g.source());
        } else {
          provider.groups.put(g.source(), g);
        }
      }
      dirty = true;
    }
  }

  /** One running discoverer; its groups are guarded by the manager's lock. */
  private final class Provider {
    final DiscovererFactory factory;
    final Discoverer discoverer;
    final CancellationSignal signal = new CancellationSignal();
    final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    @Nullable Thread thread;

    Provider(DiscovererFactory factory, Discoverer discoverer) {
      this.factory = factory;
      this.discoverer = discoverer;
    }

    void start() {
      Thread t = Thread.ofVirtual().name("discovery-" + name).unstarted(this::run);
      thread = t;
      t.start();
    }

    private void run() {
      try {
        discoverer.run(signal, update -> receive(this, update));
      } catch (Cancellation.CancelledException e) {
        // Stopped.
      } catch (RuntimeException e) {
        logger
            .atError()
            .addKeyValue("config", factory.getClass().getSimpleName())
            .setCause(e)
            .log("discoverer failed");
      }
    }

    void stop() {
      synchronized (lock) {
        signal.cancel();
      }
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }

    void join() throws InterruptedException {
      Thread t = thread;
      if (t != null) {
        t.join();
      }
    }
  }
}
