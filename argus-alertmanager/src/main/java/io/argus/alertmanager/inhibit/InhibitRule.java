package io.argus.alertmanager.inhibit;

import io.argus.alertmanager.config.InhibitRuleConfig;
import io.argus.alertmanager.matchers.Matchers;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One inhibition rule. A target alert (matching the target matchers) is inhibited by a firing
 * source alert (matching the source matchers) whose values of every {@code equal} label are the
 * same as the target's, an absent label counting as the empty value. When the target also matches
 * the source matchers, sources that match the target matchers do not count, so an alert never
 * inhibits itself or its peers through a rule that matches both sides. Immutable and thread-safe.
 */
public final class InhibitRule {
  private final List<Matcher> sourceMatchers;
  private final List<Matcher> targetMatchers;
  private final Set<String> equal;

  public InhibitRule(
      List<Matcher> sourceMatchers, List<Matcher> targetMatchers, Set<String> equal) {
    this.sourceMatchers = List.copyOf(sourceMatchers);
    this.targetMatchers = List.copyOf(targetMatchers);
    this.equal = Set.copyOf(equal);
  }

  public static InhibitRule of(InhibitRuleConfig c) {
    return new InhibitRule(c.sourceMatchers(), c.targetMatchers(), new LinkedHashSet<>(c.equal()));
  }

  public List<Matcher> sourceMatchers() {
    return sourceMatchers;
  }

  public List<Matcher> targetMatchers() {
    return targetMatchers;
  }

  public Set<String> equal() {
    return equal;
  }

  /** Whether {@code alert} is a source of this rule. */
  public boolean isSource(Labels alert) {
    return Matchers.matches(sourceMatchers, alert);
  }

  /** Whether {@code alert} is a target of this rule. */
  public boolean isTarget(Labels alert) {
    return Matchers.matches(targetMatchers, alert);
  }

  /**
   * The first of {@code firing} (alerts that are not resolved) that inhibits {@code target} through
   * this rule, or empty.
   */
  public Optional<Labels> inhibitingSource(Labels target, Iterable<Labels> firing) {
    if (!isTarget(target)) {
      return Optional.empty();
    }
    boolean excludeTwoSided = isSource(target);
    for (Labels source : firing) {
      if (!isSource(source) || !equalLabels(source, target)) {
        continue;
      }
      if (excludeTwoSided && isTarget(source)) {
        continue;
      }
      return Optional.of(source);
    }
    return Optional.empty();
  }

  private boolean equalLabels(Labels a, Labels b) {
    for (String n : equal) {
      if (!a.getOrEmpty(n).equals(b.getOrEmpty(n))) {
        return false;
      }
    }
    return true;
  }
}
