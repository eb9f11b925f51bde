package io.argus.alertmanager.inhibit;

import io.argus.model.labels.Labels;
import java.util.List;
import java.util.Optional;

/**
 * Inhibition over a list of rules, as upstream's {@code Inhibitor.Mutes}: the rules are tried in
 * order and the first rule with an inhibiting source decides. Immutable and thread-safe.
 */
public final class Inhibition {
  private final List<InhibitRule> rules;

  public Inhibition(List<InhibitRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public List<InhibitRule> rules() {
    return rules;
  }

  /** The rule and the source alert that inhibit a target. */
  public record Match(InhibitRule rule, Labels source) {}

  /**
   * Whether {@code target} is inhibited by one of {@code firing} (the alerts that are not resolved;
   * the target itself may be among them) and by which.
   */
  public Optional<Match> inhibitedBy(Labels target, Iterable<Labels> firing) {
    for (InhibitRule r : rules) {
      Optional<Labels> source = r.inhibitingSource(target, firing);
      if (source.isPresent()) {
        return Optional.of(new Match(r, source.get()));
      }
    }
    return Optional.empty();
  }
}
