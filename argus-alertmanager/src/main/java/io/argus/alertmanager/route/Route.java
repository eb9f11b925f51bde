package io.argus.alertmanager.route;

import io.argus.alertmanager.config.RouteConfig;
import io.argus.alertmanager.matchers.Matchers;
import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Matcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A node of the routing tree built from a {@link RouteConfig}: unset options are inherited from the
 * parent (receiver, group_by, the three timers), matchers are the node's own. Immutable and
 * thread-safe once built.
 */
public final class Route {
  private final @Nullable Route parent;
  private final RouteOpts opts;
  private final List<Matcher> matchers;
  private final boolean continueMatching;
  private final List<Route> routes;
  private final String key;
  private final String id;

  private Route(RouteConfig c, @Nullable Route parent, int index) {
    this.parent = parent;
    RouteOpts base = parent == null ? RouteOpts.DEFAULT : parent.opts;
    var groupBy = base.groupBy();
    boolean groupByAll = base.groupByAll();
    if (!c.groupBy().isEmpty()) {
      groupBy = java.util.Set.copyOf(new LinkedHashSet<>(c.groupBy()));
      groupByAll = false;
    } else if (c.groupByAll()) {
      groupByAll = true;
    }
    this.opts =
        new RouteOpts(
            c.receiver().isEmpty() ? base.receiver() : c.receiver(),
            groupBy,
            groupByAll,
            c.groupWaitMillis() != null ? c.groupWaitMillis() : base.groupWaitMillis(),
            c.groupIntervalMillis() != null ? c.groupIntervalMillis() : base.groupIntervalMillis(),
            c.repeatIntervalMillis() != null
                ? c.repeatIntervalMillis()
                : base.repeatIntervalMillis(),
            c.muteTimeIntervals(),
            c.activeTimeIntervals());
    this.matchers = Matchers.sorted(c.matchers());
    this.continueMatching = c.continueMatching();
    String own = Matchers.format(matchers);
    this.key = (parent == null ? "" : parent.key + "/") + own;
    this.id = parent == null ? own : parent.id + "/" + own + "/" + index;
    List<Route> children = new ArrayList<>(c.routes().size());
    for (int i = 0; i < c.routes().size(); i++) {
      children.add(new Route(c.routes().get(i), this, i));
    }
    this.routes = List.copyOf(children);
  }

  /** Builds the tree whose root is {@code root}. */
  public static Route tree(RouteConfig root) {
    return new Route(root, null, 0);
  }

  public @Nullable Route parent() {
    return parent;
  }

  public RouteOpts opts() {
    return opts;
  }

  /** The node's own matchers, sorted by name, value and operator. */
  public List<Matcher> matchers() {
    return matchers;
  }

  public boolean continueMatching() {
    return continueMatching;
  }

  public List<Route> routes() {
    return routes;
  }

  /**
   * Upstream's route key: the matchers of every node from the root down, joined by {@code /}, e.g.
   * {@code {}/{severity="page"}}. Distinct routes may share a key.
   */
  public String key() {
    return key;
  }

  /**
   * A key unique within the tree, as later upstream versions define it: the parent's ID, {@code /},
   * the node's matchers and, below the root, {@code /} and its index among its siblings, e.g.
   * {@code {}/{severity="page"}/0}.
   */
  public String id() {
    return id;
  }

  /**
   * The routes an alert with {@code labels} goes to: depth first, the deepest matching nodes; a
   * matching child stops the search among its siblings unless it has {@code continue}; a matching
   * node without matching children is itself the result. Empty when this node does not match.
   */
  public List<Route> match(Labels labels) {
    List<Route> out = new ArrayList<>();
    matchInto(labels, out);
    return out;
  }

  private boolean matchInto(Labels labels, List<Route> out) {
    if (!Matchers.matches(matchers, labels)) {
      return false;
    }
    int before = out.size();
    for (Route child : routes) {
      boolean matched = child.matchInto(labels, out);
      if (matched && !child.continueMatching) {
        break;
      }
    }
    if (out.size() == before) {
      out.add(this);
    }
    return true;
  }

  /** Visits this node and then its descendants, depth first in order. */
  public void walk(Consumer<Route> visitor) {
    visitor.accept(this);
    for (Route r : routes) {
      r.walk(visitor);
    }
  }

  /** The labels of {@code alert} that form its group at this route (all with {@code ...}). */
  public Labels groupLabels(Labels alert) {
    if (opts.groupByAll()) {
      return alert;
    }
    LabelsBuilder b = new LabelsBuilder();
    alert.forEach(
        (n, v) -> {
          if (opts.groupBy().contains(n)) {
            b.set(n, v);
          }
        });
    return b.build();
  }

  /** The aggregation group key: {@code <route key>:<group labels>}, as upstream. */
  public String groupKey(Labels groupLabels) {
    return key + ":" + groupLabels;
  }

  @Override
  public String toString() {
    return key;
  }
}
