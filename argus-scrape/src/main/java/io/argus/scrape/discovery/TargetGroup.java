package io.argus.scrape.discovery;

import io.argus.model.labels.Labels;
import java.util.List;

/**
 * A set of targets found by one discovery source, as Prometheus' {@code targetgroup.Group}.
 *
 * @param source identifies the group within its provider; a later group with the same source
 *     replaces it
 * @param targets one label set per target, each holding at least {@code __address__}
 * @param commonLabels labels added to every target unless the target sets them itself
 */
public record TargetGroup(String source, List<Labels> targets, Labels commonLabels) {
  public TargetGroup {
    targets = List.copyOf(targets);
  }
}
