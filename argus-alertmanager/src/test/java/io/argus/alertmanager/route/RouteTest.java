package io.argus.alertmanager.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.alertmanager.config.ConfigLoader;
import io.argus.model.labels.Labels;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static Route root;

  @BeforeAll
  static void load() throws Exception {
    root =
        Route.tree(
            ConfigLoader.load(
                    """
                    route:
                      receiver: default
                      group_by: [alertname]
                      group_wait: 10s
                      routes:
                        - matchers: ['team=~"db|infra"', 'severity="page"']
                          receiver: pager
                          group_interval: 1m
                          continue: true
                          routes:
                            - match: {service: mysql}
                              group_by: ['...']
                              repeat_interval: 1h
                              mute_time_intervals: [nights]
                            - match: {service: redis}
                              group_by: []
                        - matchers: ['team="db"']
                          receiver: db
                          group_by: [cluster, alertname]
                    receivers: [{name: default}, {name: pager}, {name: db}]
                    time_intervals:
                      - name: nights
                        time_intervals: [{times: [{start_time: '00:00', end_time: '06:00'}]}]
                    """,
                    ZoneOffset.UTC)
                .route());
  }

  private static List<String> receivers(String... labels) {
    List<String> out = new ArrayList<>();
    root.match(Labels.of(labels)).forEach(r -> out.add(r.opts().receiver()));
    return out;
  }

  @Test
  void match_continueAndDepthFirst() {
    assertThat(receivers("team", "db", "severity", "page", "service", "mysql"))
        .containsExactly("pager", "db");
    assertThat(receivers("team", "infra", "severity", "page")).containsExactly("pager");
    assertThat(receivers("team", "db")).containsExactly("db");
    assertThat(receivers("alertname", "x")).containsExactly("default");
    assertThat(root.routes().getFirst().match(Labels.of("team", "db"))).isEmpty();
  }

  @Test
  void opts_areInheritedDownTheTreeExceptTimeIntervals() {
    Route pager = root.routes().get(0);
    Route mysql = pager.routes().get(0);
    Route redis = pager.routes().get(1);
    Route db = root.routes().get(1);

    assertThat(root.opts())
        .isEqualTo(
            new RouteOpts(
                "default",
                java.util.Set.of("alertname"),
                false,
                10_000,
                300_000,
                14_400_000,
                List.of(),
                List.of()));
    assertThat(pager.opts().groupWaitMillis()).isEqualTo(10_000);
    assertThat(pager.opts().groupIntervalMillis()).isEqualTo(60_000);
    assertThat(mysql.opts().receiver()).isEqualTo("pager");
    assertThat(mysql.opts().groupByAll()).isTrue();
    assertThat(mysql.opts().groupIntervalMillis()).isEqualTo(60_000);
    assertThat(mysql.opts().repeatIntervalMillis()).isEqualTo(3_600_000);
    assertThat(mysql.opts().muteTimeIntervals()).containsExactly("nights");
    assertThat(redis.opts().groupBy()).containsExactly("alertname");
    assertThat(redis.opts().groupByAll()).isFalse();
    assertThat(redis.opts().muteTimeIntervals()).isEmpty();
    assertThat(db.opts().groupBy()).containsExactlyInAnyOrder("cluster", "alertname");
  }

  @Test
  void keyAndId_followUpstreamFormat() {
    Route pager = root.routes().get(0);
    Route redis = pager.routes().get(1);

    assertThat(root.key()).isEqualTo("{}");
    assertThat(pager.key()).isEqualTo("{}/{severity=\"page\",team=~\"db|infra\"}");
    assertThat(redis.key())
        .isEqualTo("{}/{severity=\"page\",team=~\"db|infra\"}/{service=\"redis\"}");
    assertThat(root.id()).isEqualTo("{}");
    assertThat(redis.id())
        .isEqualTo("{}/{severity=\"page\",team=~\"db|infra\"}/0/{service=\"redis\"}/1");
  }

  @Test
  void groupLabels_selectGroupByOrAllLabels() {
    Labels alert = Labels.of("alertname", "Up", "cluster", "c1", "instance", "i", "team", "db");
    Route db = root.routes().get(1);
    Route mysql = root.routes().get(0).routes().get(0);

    assertThat(root.groupLabels(alert)).isEqualTo(Labels.of("alertname", "Up"));
    assertThat(db.groupLabels(alert)).isEqualTo(Labels.of("alertname", "Up", "cluster", "c1"));
    assertThat(db.groupLabels(Labels.of("team", "db"))).isEqualTo(Labels.EMPTY);
    assertThat(mysql.groupLabels(alert)).isEqualTo(alert);
    assertThat(root.groupKey(root.groupLabels(alert))).isEqualTo("{}:{alertname=\"Up\"}");
    assertThat(db.groupKey(db.groupLabels(alert)))
        .isEqualTo("{}/{team=\"db\"}:{alertname=\"Up\", cluster=\"c1\"}");
  }

  @Test
  void walk_visitsDepthFirstInOrder() {
    List<String> receivers = new ArrayList<>();
    root.walk(r -> receivers.add(r.opts().receiver()));
    assertThat(receivers).containsExactly("default", "pager", "pager", "pager", "db");
  }
}
