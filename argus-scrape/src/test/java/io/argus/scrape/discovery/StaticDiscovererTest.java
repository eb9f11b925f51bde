package io.argus.scrape.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticDiscovererTest {
  @Test
  void run_sendsGroupsOnceThenIdles() throws Exception {
    ManualWaiter waiter = new ManualWaiter();
    TargetGroup group =
        new TargetGroup("0", List.of(Labels.of("__address__", "a:9100")), Labels.of("env", "x"));
    DiscoveryContext context =
        new DiscoveryContext(
            io.argus.util.Clock.SYSTEM,
            waiter,
            DiscoveryMetrics.register(new PrometheusRegistry()),
            List.of());
    try (DiscovererRun run =
        new DiscovererRun(new StaticSdSettings(List.of(group)).create(context))) {
      assertThat(run.next()).containsExactly(group);
      waiter.awaitEntries(1);
      waiter.tickAndAwaitRound();
      assertThat(run.pending()).isZero();
    }
  }

  @Test
  void settings_equalWhenGroupsEqual() {
    TargetGroup group = new TargetGroup("0", List.of(Labels.of("__address__", "a")), Labels.EMPTY);
    assertThat(new StaticSdSettings(List.of(group)))
        .isEqualTo(new StaticSdSettings(List.of(group)))
        .isNotEqualTo(new StaticSdSettings(List.of()));
  }
}
