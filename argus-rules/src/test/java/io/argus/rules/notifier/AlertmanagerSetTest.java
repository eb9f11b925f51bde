package io.argus.rules.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.rules.notifier.AlertmanagerSet.Alertmanager;
import io.argus.scrape.config.AlertingConfig.AlertmanagerConfig;
import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.discovery.TargetGroup;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertmanagerSetTest {
  private static AlertmanagerConfig config(String set) {
    String yaml = "alerting:\n  alertmanagers:\n    - " + set.indent(6).strip() + "\n";
    return ConfigLoader.loadString(yaml, Path.of(".")).alerting().alertmanagers().get(0);
  }

  private static TargetGroup group(Labels common, String... addresses) {
    List<Labels> targets = new ArrayList<>();
    for (String a : addresses) {
      targets.add(Labels.of("__address__", a));
    }
    return new TargetGroup("g", targets, common);
  }

  @Test
  void postPath_joinsAndCleansAsGoPathJoin() {
    assertThat(AlertmanagerSet.postPath("/", "v2")).isEqualTo("/api/v2/alerts");
    assertThat(AlertmanagerSet.postPath("", "v2")).isEqualTo("/api/v2/alerts");
    assertThat(AlertmanagerSet.postPath("am//x/", "v2")).isEqualTo("/am/x/api/v2/alerts");
    assertThat(AlertmanagerSet.postPath("/a/./b/../c", "v2")).isEqualTo("/a/c/api/v2/alerts");
  }

  @Test
  void fromGroup_groupLabelsAndRelabeling_decideUrlAndDrops() {
    AlertmanagerConfig c =
        config(
            """
            scheme: https
            path_prefix: /prefix
            relabel_configs:
              - source_labels: [zone]
                regex: b
                action: drop
              - source_labels: [__address__]
                regex: '(.*):9093'
                target_label: __address__
                replacement: '$1:19093'""");
    List<Alertmanager> active = new ArrayList<>();
    List<Alertmanager> dropped = new ArrayList<>();
    TargetGroup zoneA = group(Labels.of("zone", "a"), "am1:9093");
    assertThat(AlertmanagerSet.fromGroup(zoneA, c, active, dropped)).isNull();
    TargetGroup zoneB = group(Labels.of("zone", "b"), "am2:9093");
    assertThat(AlertmanagerSet.fromGroup(zoneB, c, active, dropped)).isNull();
    assertThat(active).extracting(Alertmanager::url)
        .containsExactly("https://am1:19093/prefix/api/v2/alerts");
    assertThat(dropped).extracting(Alertmanager::url)
        .containsExactly("https://am2:9093/prefix/api/v2/alerts");
    assertThat(dropped.get(0).labels().get("zone")).isEqualTo("b");
  }

  @Test
  void fromGroup_addressWithSlash_rejectsTheGroup() {
    AlertmanagerConfig c = config("static_configs: []");
    List<Alertmanager> active = new ArrayList<>();
    String err =
        AlertmanagerSet.fromGroup(
            group(Labels.EMPTY, "ok:9093", "bad/path:9093"), c, active, new ArrayList<>());
    assertThat(err).isEqualTo("\"bad/path:9093\" is not a valid hostname");
  }

  @Test
  void sync_deduplicatesSkipsBadGroupsAndRemovesGoneSeries() {
    AlertmanagerConfig c = config("static_configs: []");
    PrometheusRegistry registry = new PrometheusRegistry();
    NotifierMetrics metrics = new NotifierMetrics(registry, 10, () -> 0, () -> 0);
    try (ConfiguredHttpClient client =
        new ConfiguredHttpClient(c.http(), null, null, name -> null, Clock.SYSTEM)) {
      AlertmanagerSet set = new AlertmanagerSet("config-0", c, client);
      set.sync(
          List.of(group(Labels.EMPTY, "a:1", "b:2"), group(Labels.EMPTY, "a:1"),
              group(Labels.EMPTY, "x/y")),
          metrics);
      assertThat(set.active()).extracting(Alertmanager::url)
          .containsExactly("http://a:1/api/v2/alerts", "http://b:2/api/v2/alerts");
      metrics.sent.labelValues("http://b:2/api/v2/alerts").inc(3);
      set.sync(List.of(group(Labels.EMPTY, "a:1")), metrics);
      assertThat(set.active()).extracting(Alertmanager::url)
          .containsExactly("http://a:1/api/v2/alerts");
      assertThat(metrics.sent.labelValues("http://b:2/api/v2/alerts").get()).isZero();
    }
  }

  @Test
  void url_formatsAsGoUrl() {
    assertThat(
            AlertmanagerSet.url(
                Labels.of("__scheme__", "http", "__address__", "h:1", "__alerts_path__", "p")))
        .isEqualTo("http://h:1/p");
    assertThat(AlertmanagerSet.url(Labels.of("__address__", "h:1", "__alerts_path__", "/p")))
        .isEqualTo("//h:1/p");
  }
}
