package io.argus.scrape.discovery;

import io.argus.model.labels.Labels;
import java.util.List;

/**
 * A set of targets sharing common labels, as produced by one discovery source.
 *
 * <p>Each target is a label set holding at least {@code __address__}; {@code commonLabels} apply to
 * every target of the group (a target's own label wins on conflict). {@code source} identifies the
 * group within its discoverer (for example {@code "path/to/file.yml:0"}); a group with an empty
 * target list tells consumers that the source has gone away. Immutable and thread-safe.
 *
 * @param source the group's identifier, unique within one discoverer
 * @param targets the targets, possibly empty
 * @param commonLabels labels shared by all targets
 */
public record TargetGroup(String source, List<Labels> targets, Labels commonLabels) {
  /** Creates a group, copying the target list. */
  public TargetGroup {
    targets = List.copyOf(targets);
  }

  /** Returns the empty group that announces that {@code source} went away. */
  public static TargetGroup empty(String source) {
    return new TargetGroup(source, List.of(), Labels.EMPTY);
  }
}
