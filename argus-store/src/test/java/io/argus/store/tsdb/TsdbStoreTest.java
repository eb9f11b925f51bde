package io.argus.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkQueryable;
import io.argus.storage.SelectHints;
import io.argus.store.SampleBoundsSeries;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.SeriesStoreContract;
import io.argus.store.StoreException;
import io.argus.store.StoreFixture;
import io.argus.store.StoreInfo;
import io.argus.tsdb.Db;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbStoreTest extends SeriesStoreContract {
  @TempDir Path dir;

  @Override
  protected SeriesStore open(StoreFixture fixture) {
    Db db = TsdbFixtures.open(dir.resolve("db" + System.nanoTime()), fixture);
    closeAfterTest(db);
    return TsdbFixtures.store(db, fixture);
  }

  private static final ChunkQueryable UNTOUCHABLE =
      (mint, maxt) -> {
        throw new AssertionError("the tsdb must not be asked");
      };

  @Test
  void series_contradictingExternalMatcherDoesNotTouchTheTsdb() {
    TsdbStore store = new TsdbStore("t", UNTOUCHABLE, () -> EXTERNAL, () -> T0, () -> T0);

    assertThat(readAll(store, request(T0, T0, Matcher.equal("cluster", "us")))).isEmpty();
    assertThat(store.labelNames(labels(List.of(), Matcher.notEqual("replica", "a"))).values())
        .isEmpty();
    assertThat(store.labelValues("job", labels(List.of(), Matcher.equal("cluster", "x"))).values())
        .isEmpty();
  }

  @Test
  void series_externalLabelsFollowTheSupplier() {
    AtomicReference<Labels> ext = new AtomicReference<>(Labels.of("replica", "a"));
    Db db = TsdbFixtures.open(dir.resolve("reload"), FIXTURE);
    closeAfterTest(db);
    TsdbStore store = TsdbStore.over(db, ext::get);
    Matcher b = Matcher.equal("instance", "b:1");

    assertThat(labelsOf(readAll(store, request(T0, T0, b))))
        .containsExactly(
            Labels.of("__name__", "up", "instance", "b:1", "job", "api", "replica", "a"));
    ext.set(Labels.of("replica", "b", "region", "x"));

    assertThat(labelsOf(readAll(store, request(T0, T0, b))))
        .containsExactly(
            Labels.of(
                "__name__", "up", "instance", "b:1", "job", "api", "region", "x", "replica", "b"));
    assertThat(store.info().labelSets()).containsExactly(Labels.of("replica", "b", "region", "x"));
  }

  @Test
  void series_readsPersistedBlocksAndTheHeadAsOne() {
    StoreFixture fixture =
        new StoreFixture(
            EXTERNAL,
            List.of(
                new StoreFixture.Series(Labels.of("__name__", "long", "i", "1"), T0, 1200, 1),
                new StoreFixture.Series(Labels.of("__name__", "long", "i", "2"), T0, 1200, 2)));
    Db db = TsdbFixtures.open(dir.resolve("blocks"), fixture);
    closeAfterTest(db);
    db.compact();
    assertThat(db.blocks()).isNotEmpty();
    TsdbStore store = TsdbFixtures.store(db, fixture);

    List<Returned> got =
        readAll(store, request(T0, T0 + 1200 * STEP, Matcher.equal("__name__", "long")));

    assertThat(labelsOf(got))
        .containsExactly(
            Labels.of("__name__", "long", "cluster", "eu", "i", "1", "replica", "a"),
            Labels.of("__name__", "long", "cluster", "eu", "i", "2", "replica", "a"));
    assertThat(got.get(1).samples()).hasSize(1200);
    assertThat(got.get(1).samples().get(1199)).containsExactly(T0 + 1199 * STEP, 2398);
    assertThat(store.info().minTime()).isEqualTo(T0);
  }

  @Test
  void series_sampleBoundsSpanPersistedBlocksAndTheHead() {
    StoreFixture fixture =
        new StoreFixture(
            EXTERNAL,
            List.of(
                new StoreFixture.Series(Labels.of("__name__", "long", "i", "1"), T0, 1200, 1),
                new StoreFixture.Series(Labels.of("__name__", "short", "i", "2"), T0, 10, 1)));
    Db db = TsdbFixtures.open(dir.resolve("bounds"), fixture);
    closeAfterTest(db);
    db.compact();
    assertThat(db.blocks()).isNotEmpty();
    assertThat(db.head().minTime()).isGreaterThan(T0 + 11 * STEP).isLessThan(T0 + 1198 * STEP);
    TsdbStore store = TsdbFixtures.store(db, fixture);

    List<SampleBoundsSeries> got =
        readBounds(
            store,
            new SeriesRequest(
                T0 + 10 * STEP + 7,
                T0 + 1199 * STEP - 3,
                List.of(Matcher.regex("__name__", ".+")),
                List.of("replica"),
                false,
                true,
                SelectHints.NONE,
                0,
                true));

    assertThat(got)
        .as("short has no sample in the range")
        .containsExactly(
            new SampleBoundsSeries(
                Labels.of("__name__", "long", "cluster", "eu", "i", "1"),
                T0 + 11 * STEP,
                T0 + 1198 * STEP));
  }

  @Test
  void info_ofAnEmptyTsdbHoldsNothing() {
    Db db = TsdbFixtures.open(dir.resolve("empty"), new StoreFixture(Labels.EMPTY, List.of()));
    closeAfterTest(db);

    StoreInfo info = TsdbStore.over(db, () -> Labels.EMPTY).info();

    assertThat(info.labelSets()).isEmpty();
    assertThat(info.minTime()).isEqualTo(Long.MAX_VALUE);
    assertThat(info.maxTime()).isEqualTo(Long.MIN_VALUE);
    assertThat(info.overlaps(0, T0)).isFalse();
    assertThat(info.componentType()).isEqualTo("sidecar");
  }

  @Test
  void series_tsdbFailureNamesTheStore() {
    TsdbStore store =
        new TsdbStore(
            "disk",
            (mint, maxt) -> {
              throw new IllegalStateException("block 01ABC is corrupt");
            },
            () -> EXTERNAL,
            () -> T0,
            () -> T0);

    assertThatThrownBy(() -> store.series(request(T0, T0, Matcher.equal("__name__", "up"))))
        .isInstanceOf(StoreException.class)
        .hasMessage("store disk: block 01ABC is corrupt");
  }

  @Test
  void rewrite_replacesAndStripsInOnePass() {
    LabelRewrite rw =
        new LabelRewrite(Labels.of("cluster", "eu", "replica", "a"), List.of("replica"));

    assertThat(rw.apply(Labels.of("__name__", "x", "cluster", "us", "replica", "r", "z", "1")))
        .isEqualTo(Labels.of("__name__", "x", "cluster", "eu", "z", "1"));
    assertThat(rw.apply(Labels.EMPTY)).isEqualTo(Labels.of("cluster", "eu"));
    assertThat(TsdbSeriesSet.startsWith(Labels.of("a", "1", "b", "2"), Labels.of("a", "1")))
        .isTrue();
    assertThat(TsdbSeriesSet.startsWith(Labels.of("a", "1"), Labels.of("a", "1", "b", "2")))
        .isFalse();
  }
}
