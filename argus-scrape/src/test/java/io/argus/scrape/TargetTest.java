package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TargetTest {
  private static final ScrapeSettings SETTINGS =
      ScrapeSettings.builder("node").interval(60_000).timeout(10_000).build();

  private static Target create(Labels ls, ScrapeSettings s) {
    Target t = Target.create(ls, s);
    assertThat(t).isNotNull();
    return t;
  }

  @Test
  void create_defaultsInstanceAndJobAndDropsDoubleUnderscoreLabels() {
    Target t = create(Labels.of("__address__", "h:9100", "__meta_x", "y", "team", "a"), SETTINGS);

    assertThat(t.labels()).isEqualTo(Labels.of("instance", "h:9100", "job", "node", "team", "a"));
    assertThat(t.url()).hasToString("http://h:9100/metrics");
    assertThat(t.discoveredLabels().get("__meta_x")).isEqualTo("y");
    assertThat(t.intervalMs()).isEqualTo(60_000);
    assertThat(t.timeoutMs()).isEqualTo(10_000);
  }

  @Test
  void create_takesSchemePathParamsAndIntervalFromLabels() {
    ScrapeSettings s =
        SETTINGS.toBuilder().params(Map.of("module", List.of("a", "b"), "x", List.of("1"))).build();
    Target t =
        create(
            Labels.of(
                "__address__", "h:9115",
                "__scheme__", "https",
                "__metrics_path__", "probe",
                "__param_module", "icmp",
                "__scrape_interval__", "30s",
                "__scrape_timeout__", "10s",
                "instance", "named"),
            s.toBuilder().interval(120_000).build());

    assertThat(t.url()).hasToString("https://h:9115/probe?module=icmp&module=b&x=1");
    assertThat(t.intervalMs()).isEqualTo(30_000);
    assertThat(t.labels().get("instance")).isEqualTo("named");
  }

  @Test
  void create_rejectsInvalidTargets() {
    assertThat(
            Target.create(
                Labels.of("__address__", "h:1"),
                SETTINGS.toBuilder().targetRelabel(ls -> null).build()))
        .isNull();
    assertThatThrownBy(() -> Target.create(Labels.of("a", "b"), SETTINGS)).hasMessage("no address");
    assertThatThrownBy(() -> Target.create(Labels.of("__address__", "h:1/x"), SETTINGS))
        .hasMessage("\"h:1/x\" is not a valid hostname");
    assertThatThrownBy(
            () ->
                Target.create(
                    Labels.of("__address__", "h:1", "__scrape_timeout__", "2m"), SETTINGS))
        .hasMessage("scrape timeout cannot be greater than scrape interval (\"2m\" > \"1m\")");
    assertThatThrownBy(
            () ->
                Target.create(
                    Labels.of("__address__", "h:1", "__scrape_interval__", "soon"), SETTINGS))
        .hasMessage("error parsing scrape interval: not a valid duration string: \"soon\"");
  }

  @Test
  void offset_isDeterministicAndDiffersAcrossReplicaSeeds() {
    Target t = create(Labels.of("__address__", "h:9100"), SETTINGS);
    long seedA = Target.offsetSeed(Labels.of("replica", "a"));
    long seedB = Target.offsetSeed(Labels.of("replica", "b"));
    long now = ScrapeLoopTest.START_MS;

    long phaseA = Math.floorMod(now + t.offsetMs(60_000, seedA, now), 60_000L);
    long phaseB = Math.floorMod(now + t.offsetMs(60_000, seedB, now), 60_000L);

    assertThat(t.offsetMs(60_000, seedA, now)).isEqualTo(t.offsetMs(60_000, seedA, now));
    assertThat(create(Labels.of("__address__", "h:9100"), SETTINGS).offsetMs(60_000, seedA, now))
        .isEqualTo(t.offsetMs(60_000, seedA, now));
    assertThat(phaseA).isNotEqualTo(phaseB);
    assertThat(Target.offsetSeed(Labels.EMPTY)).isZero();
  }

  @Property(tries = 200)
  void offset_pinsTheScrapePhaseWithinOneInterval(
      @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long now,
      @ForAll @LongRange(min = 1, max = 3_600_000) long interval) {
    Target t = create(Labels.of("__address__", "h:9100"), SETTINGS);
    long seed = Target.offsetSeed(Labels.of("replica", "x"));
    long offset = t.offsetMs(interval, seed, now);
    long reference = t.offsetMs(interval, seed, 0);

    assertThat(offset).isBetween(0L, interval);
    assertThat(Math.floorMod(now + offset, interval)).isEqualTo(Math.floorMod(reference, interval));
  }

  @Test
  void acceptHeader_followsPrometheusWeights() {
    assertThat(ScrapeProtocol.acceptHeader(List.of(ScrapeProtocol.PROMETHEUS_TEXT_0_0_4)))
        .isEqualTo("text/plain;version=0.0.4;q=0.6,*/*;q=0.5");
  }
}
