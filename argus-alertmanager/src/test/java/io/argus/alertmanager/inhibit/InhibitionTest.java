package io.argus.alertmanager.inhibit;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.alertmanager.config.AlertmanagerConfig;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.alertmanager.matchers.MatcherParser;
import io.argus.model.labels.Labels;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InhibitionTest {
  private static final InhibitRule CRITICAL_MUTES_WARNING =
      new InhibitRule(
          MatcherParser.parseMatchers("severity=\"critical\""),
          MatcherParser.parseMatchers("severity=\"warning\""),
          Set.of("alertname", "cluster"));

  @Test
  void inhibitingSource_equalLabelsMatch_returnsTheSource() {
    Labels source = Labels.of("alertname", "Down", "cluster", "a", "severity", "critical");
    Labels target = Labels.of("alertname", "Down", "cluster", "a", "severity", "warning");

    assertThat(CRITICAL_MUTES_WARNING.inhibitingSource(target, List.of(source))).contains(source);
  }

  @Test
  void inhibitingSource_differentEqualLabel_doesNotInhibit() {
    Labels source = Labels.of("alertname", "Down", "cluster", "a", "severity", "critical");
    Labels target = Labels.of("alertname", "Down", "cluster", "b", "severity", "warning");

    assertThat(CRITICAL_MUTES_WARNING.inhibitingSource(target, List.of(source))).isEmpty();
  }

  @Test
  void inhibitingSource_labelAbsentOnBothSides_countsAsEqual() {
    Labels source = Labels.of("alertname", "Down", "severity", "critical");
    Labels target = Labels.of("alertname", "Down", "severity", "warning");
    Labels targetWithCluster = Labels.of("alertname", "Down", "cluster", "", "severity", "warning");
    Labels targetOtherCluster =
        Labels.of("alertname", "Down", "cluster", "x", "severity", "warning");

    assertThat(CRITICAL_MUTES_WARNING.inhibitingSource(target, List.of(source))).isPresent();
    assertThat(CRITICAL_MUTES_WARNING.inhibitingSource(targetWithCluster, List.of(source)))
        .isPresent();
    assertThat(CRITICAL_MUTES_WARNING.inhibitingSource(targetOtherCluster, List.of(source)))
        .isEmpty();
  }

  @Test
  void inhibitingSource_nonTargetOrNoFiringSource_isNotInhibited() {
    Labels critical = Labels.of("alertname", "Down", "severity", "critical");
    Labels info = Labels.of("alertname", "Down", "severity", "info");

    assertThat(CRITICAL_MUTES_WARNING.inhibitingSource(info, List.of(critical))).isEmpty();
    assertThat(
            CRITICAL_MUTES_WARNING.inhibitingSource(
                Labels.of("alertname", "Down", "severity", "warning"), List.of()))
        .isEmpty();
  }

  @Test
  void inhibitingSource_ruleMatchingBothSides_ignoresSourcesThatAreTargetsToo() {
    InhibitRule anyMutesAny =
        new InhibitRule(
            MatcherParser.parseMatchers("severity=~\"critical|warning\""),
            MatcherParser.parseMatchers("severity=~\"critical|warning\""),
            Set.of("alertname"));
    Labels a = Labels.of("alertname", "X", "severity", "critical");
    Labels b = Labels.of("alertname", "X", "severity", "warning");

    assertThat(anyMutesAny.inhibitingSource(a, List.of(a, b))).isEmpty();
    assertThat(anyMutesAny.inhibitingSource(b, List.of(a, b))).isEmpty();
  }

  @Test
  void inhibitingSource_targetMatchingSourceButSourceNotTarget_isInhibited() {
    InhibitRule rule =
        new InhibitRule(
            MatcherParser.parseMatchers("team=\"ops\""),
            MatcherParser.parseMatchers("severity=\"warning\""),
            Set.of());
    Labels target = Labels.of("severity", "warning", "team", "ops");
    Labels source = Labels.of("severity", "critical", "team", "ops");

    assertThat(rule.inhibitingSource(target, List.of(target))).isEmpty();
    assertThat(rule.inhibitingSource(target, List.of(target, source))).contains(source);
  }

  @Test
  void inhibitedBy_rulesFromConfig_firstInhibitingRuleDecides() throws Exception {
    AlertmanagerConfig cfg =
        ConfigLoader.load(
            """
            route: {receiver: x}
            receivers: [{name: x}]
            inhibit_rules:
              - source_match: {alertname: NodeDown}
                target_match_re: {alertname: '.+'}
                equal: [instance]
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
            """,
            ZoneOffset.UTC);
    Inhibition inhibition =
        new Inhibition(cfg.inhibitRules().stream().map(InhibitRule::of).toList());
    Labels nodeDown = Labels.of("alertname", "NodeDown", "instance", "h1", "severity", "critical");
    Labels diskWarning = Labels.of("alertname", "Disk", "instance", "h1", "severity", "warning");
    Labels otherHost = Labels.of("alertname", "Disk", "instance", "h2", "severity", "info");

    Optional<Inhibition.Match> m = inhibition.inhibitedBy(diskWarning, List.of(nodeDown));
    assertThat(m).isPresent();
    assertThat(m.get().rule()).isSameAs(inhibition.rules().get(0));
    assertThat(m.get().source()).isEqualTo(nodeDown);
    assertThat(inhibition.inhibitedBy(otherHost, List.of(nodeDown))).isEmpty();
    assertThat(inhibition.inhibitedBy(nodeDown, List.of(nodeDown))).isEmpty();
    Labels warningOtherHost =
        Labels.of("alertname", "Disk", "instance", "h2", "severity", "warning");
    assertThat(inhibition.inhibitedBy(warningOtherHost, List.of(nodeDown)).map(x -> x.rule()))
        .contains(inhibition.rules().get(1));
  }
}
