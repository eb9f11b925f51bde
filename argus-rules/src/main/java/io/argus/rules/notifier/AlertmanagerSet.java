package io.argus.rules.notifier;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.relabel.Relabeler;
import io.argus.scrape.config.AlertingConfig.AlertmanagerConfig;
import io.argus.scrape.discovery.TargetGroup;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One entry of {@code alerting.alertmanagers}: its configuration, its HTTP client and the
 * Alertmanagers its service discovery currently yields. Thread-safe: {@link #sync} replaces the
 * lists atomically, readers get immutable snapshots.
 */
final class AlertmanagerSet {
  private static final Logger logger = LoggerFactory.getLogger(AlertmanagerSet.class);

  static final String SCHEME_LABEL = "__scheme__";
  static final String ADDRESS_LABEL = "__address__";
  static final String PATH_LABEL = "__alerts_path__";

  /**
   * One Alertmanager: the URL alerts are posted to and the labels it came from.
   *
   * @param url the URL as upstream prints it ({@code <scheme>://<address><path>})
   * @param labels after relabeling for an active one, before relabeling for a dropped one
   */
  record Alertmanager(String url, Labels labels) {
    static Alertmanager of(Labels labels) {
      return new Alertmanager(AlertmanagerSet.url(labels), labels);
    }
  }

  private final String name;
  private final AlertmanagerConfig config;
  private final ConfiguredHttpClient client;
  private volatile List<Alertmanager> active = List.of();
  private volatile List<Alertmanager> dropped = List.of();
  private volatile boolean synced;

  AlertmanagerSet(String name, AlertmanagerConfig config, ConfiguredHttpClient client) {
    this.name = name;
    this.config = config;
    this.client = client;
  }

  /** The set's name, {@code config-<index>} as upstream keys its sets. */
  String name() {
    return name;
  }

  AlertmanagerConfig config() {
    return config;
  }

  ConfiguredHttpClient client() {
    return client;
  }

  List<Alertmanager> active() {
    return active;
  }

  List<Alertmanager> dropped() {
    return dropped;
  }

  /** Whether discovery has reported this set's groups at least once (here or before adopt). */
  boolean synced() {
    return synced;
  }

  /** Takes over the Alertmanagers of a set with the same configuration (on a reload). */
  void adopt(AlertmanagerSet previous) {
    this.active = previous.active;
    this.dropped = previous.dropped;
    this.synced = previous.synced;
  }

  /**
   * Replaces the Alertmanagers by those of {@code groups}, deduplicated by URL. A group with an
   * invalid address is skipped whole and logged, as upstream. Series of Alertmanagers that are gone
   * are removed from {@code metrics}; new ones start at zero.
   */
  synchronized void sync(List<TargetGroup> groups, NotifierMetrics metrics) {
    List<Alertmanager> all = new ArrayList<>();
    List<Alertmanager> allDropped = new ArrayList<>();
    for (TargetGroup g : groups) {
      List<Alertmanager> groupActive = new ArrayList<>();
      List<Alertmanager> groupDropped = new ArrayList<>();
      String error = fromGroup(g, config, groupActive, groupDropped);
      if (error != null) {
        logger
            .atError()
            .addKeyValue("set", name)
            .addKeyValue("err", error)
            .log("creating discovered alertmanagers failed");
        continue;
      }
      all.addAll(groupActive);
      allDropped.addAll(groupDropped);
    }
    Map<String, Alertmanager> unique = new LinkedHashMap<>();
    for (Alertmanager am : all) {
      if (unique.putIfAbsent(am.url(), am) == null) {
        metrics.initAlertmanager(am.url());
      }
    }
    for (Alertmanager previous : active) {
      if (!unique.containsKey(previous.url())) {
        metrics.removeAlertmanager(previous.url());
      }
    }
    active = List.copyOf(unique.values());
    dropped = List.copyOf(allDropped);
    synced = true;
  }

  /**
   * Turns the targets of one group into Alertmanagers: each target's labels, then {@code
   * __scheme__} and {@code __alerts_path__} from the configuration, then the group's labels the
   * target lacks, then the set's {@code relabel_configs}.
   *
   * @return null, or the error that invalidates the whole group
   */
  static @Nullable String fromGroup(
      TargetGroup group,
      AlertmanagerConfig config,
      List<Alertmanager> active,
      List<Alertmanager> dropped) {
    String path = postPath(config.pathPrefix(), config.apiVersion());
    for (Labels target : group.targets()) {
      LabelsBuilder b = target.toBuilder();
      b.set(SCHEME_LABEL, config.scheme());
      b.set(PATH_LABEL, path);
      Labels common = group.commonLabels();
      for (int i = 0; i < common.size(); i++) {
        if (!target.has(common.name(i))) {
          b.set(common.name(i), common.value(i));
        }
      }
      Labels before = b.build();
      Labels after = Relabeler.process(before, config.relabelConfigs());
      if (after == null) {
        dropped.add(Alertmanager.of(before));
        continue;
      }
      String address = after.getOrEmpty(ADDRESS_LABEL);
      if (address.contains("/")) {
        return "\"" + address + "\" is not a valid hostname";
      }
      active.add(Alertmanager.of(after));
    }
    return null;
  }

  /** {@code /<prefix>/api/<version>/alerts}, cleaned as Go's {@code path.Join}. */
  static String postPath(String prefix, String apiVersion) {
    return cleanPath("/" + prefix + "/api/" + apiVersion + "/alerts");
  }

  /**
   * Go's {@code path.Clean} for an absolute path: repeated slashes collapse, {@code .} elements
   * vanish, {@code ..} removes the element before it, and no trailing slash remains.
   */
  static String cleanPath(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String p : path.split("/", -1)) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(p);
      }
    }
    return "/" + String.join("/", parts);
  }

  /**
   * The URL upstream builds from {@code __scheme__}, {@code __address__} and {@code
   * __alerts_path__}.
   */
  static String url(Labels labels) {
    String scheme = labels.getOrEmpty(SCHEME_LABEL);
    String host = labels.getOrEmpty(ADDRESS_LABEL);
    String path = labels.getOrEmpty(PATH_LABEL);
    StringBuilder sb = new StringBuilder();
    if (!scheme.isEmpty()) {
      sb.append(scheme).append(':');
    }
    if (!scheme.isEmpty() || !host.isEmpty()) {
      sb.append("//").append(host);
      if (!path.isEmpty() && !path.startsWith("/")) {
        sb.append('/');
      }
    }
    return sb.append(path).toString();
  }
}
