package io.argus.scrape.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscovererTest {
  private static final String YAML =
      """
      - targets: ['a:9100', 'b:9100']
        labels:
          env: prod
      - targets: ['c:9100']
      """;
  private static final String JSON =
      """
      [{"targets": ["d:9100"], "labels": {"team": "db"}}]
      """;

  @TempDir Path dir;
  private final ManualWaiter waiter = new ManualWaiter();
  private final DiscoveryMetrics metrics = DiscoveryMetrics.register(new PrometheusRegistry());

  private FileDiscoverer discoverer(String... patterns) {
    return new FileDiscoverer(new FileSdSettings(List.of(patterns), 60_000), waiter, metrics);
  }

  /** Replaces a file in one step so that no reader sees it half written. */
  private Path write(String name, String content) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.writeString(tmp, content);
    return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void run_readsYamlGroupsWithFilepathLabel() throws Exception {
    Path file = write("targets.yml", YAML);
    try (DiscovererRun run = new DiscovererRun(discoverer(dir + "/*.yml"))) {
      List<TargetGroup> groups = run.next();
      String path = file.toString();
      assertThat(groups)
          .containsExactly(
              new TargetGroup(
                  path + ":0",
                  List.of(Labels.of("__address__", "a:9100"), Labels.of("__address__", "b:9100")),
                  Labels.of("env", "prod", "__meta_filepath", path)),
              new TargetGroup(
                  path + ":1",
                  List.of(Labels.of("__address__", "c:9100")),
                  Labels.of("__meta_filepath", path)));
    }
  }

  @Test
  void run_readsJsonAndMatchesGlobOnly() throws Exception {
    Path file = write("a.json", JSON);
    write("b.yml", YAML);
    try (DiscovererRun run = new DiscovererRun(discoverer(dir + "/*.json"))) {
      assertThat(run.next())
          .containsExactly(
              new TargetGroup(
                  file + ":0",
                  List.of(Labels.of("__address__", "d:9100")),
                  Labels.of("team", "db", "__meta_filepath", file.toString())));
    }
  }

  @Test
  void refresh_sendsChangedFileAndEmptiesLostSources() throws Exception {
    Path file = write("t.yaml", YAML);
    try (DiscovererRun run = new DiscovererRun(discoverer(dir + "/*.yaml"))) {
      run.next();
      waiter.awaitEntries(1);
      write("t.yaml", "- targets: ['z:1']\n");
      waiter.tickAndAwaitRound();
      List<TargetGroup> update = run.next();
      assertThat(update)
          .containsExactlyInAnyOrder(
              new TargetGroup(
                  file + ":0",
                  List.of(Labels.of("__address__", "z:1")),
                  Labels.of("__meta_filepath", file.toString())),
              TargetGroup.empty(file + ":1"));
      assertThat(run.state()).containsOnlyKeys(file + ":0");
    }
  }

  @Test
  void refresh_invalidFileKeepsLastGroups() throws Exception {
    Path bad = write("a.yml", YAML);
    Path good = write("b.yml", "- targets: ['x:1']\n");
    try (DiscovererRun run = new DiscovererRun(discoverer(dir + "/*.yml"))) {
      run.next();
      waiter.awaitEntries(1);
      write("a.yml", "- targets: [unclosed\n");
      write("b.yml", "- targets: ['y:1']\n");
      waiter.tickAndAwaitRound();
      List<TargetGroup> update = run.next();
      assertThat(update).extracting(TargetGroup::source).containsExactly(good + ":0");
      assertThat(run.state()).containsOnlyKeys(bad + ":0", bad + ":1", good + ":0");
      assertThat(metrics.fileReadErrors()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void refresh_unknownFieldIsAReadError() throws Exception {
    write("a.yml", "- targets: ['x:1']\n  lables: {a: b}\n");
    try (DiscovererRun run = new DiscovererRun(discoverer(dir + "/*.yml"))) {
      waiter.awaitEntries(1);
      assertThat(run.pending()).isZero();
      assertThat(metrics.fileReadErrors()).isEqualTo(1);
    }
  }

  @Test
  void refresh_deletedFileSendsEmptyGroups() throws Exception {
    Path file = write("t.yml", YAML);
    try (DiscovererRun run = new DiscovererRun(discoverer(dir + "/*.yml"))) {
      run.next();
      waiter.awaitEntries(1);
      Files.delete(file);
      waiter.tickAndAwaitRound();
      assertThat(run.next())
          .containsExactlyInAnyOrder(
              TargetGroup.empty(file + ":0"), TargetGroup.empty(file + ":1"));
      assertThat(run.state()).isEmpty();
    }
  }

  @Test
  void run_watchNoticesNewFileWithoutRefreshTick() throws Exception {
    FileDiscoverer discoverer =
        new FileDiscoverer(
            new FileSdSettings(List.of(dir + "/*.json"), 3_600_000),
            Waiter.system(Clock.SYSTEM),
            metrics);
    try (DiscovererRun run = new DiscovererRun(discoverer)) {
      Path file = write("new.json", JSON);
      assertThat(run.next()).extracting(TargetGroup::source).containsExactly(file + ":0");
    }
  }

  @Test
  void constructor_rejectsUnknownExtension() {
    assertThatThrownBy(() -> discoverer(dir + "/*.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not valid for file discovery");
  }
}
