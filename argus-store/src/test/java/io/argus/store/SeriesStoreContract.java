package io.argus.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SeriesStore} that serves one TSDB with external labels must show (a
 * {@code TsdbStore}, and the same store behind the gRPC server and client). Subclasses implement
 * {@link #open} and register what they start with {@link #closeAfterTest}; each test opens one
 * store over {@link #FIXTURE} (or a fixture of its own).
 */
public abstract class SeriesStoreContract {
  protected static final long T0 = 1_700_000_000_000L;
  protected static final long STEP = StoreFixture.STEP;
  protected static final Labels EXTERNAL = Labels.of("cluster", "eu", "replica", "a");

  /** 100 samples per series from T0, except {@code late}, which starts one hour later. */
  protected static final StoreFixture FIXTURE =
      new StoreFixture(
          EXTERNAL,
          List.of(
              series(Labels.of("__name__", "up", "job", "api", "instance", "a:1")),
              series(Labels.of("__name__", "up", "job", "api", "instance", "b:1")),
              series(Labels.of("__name__", "up", "job", "db", "instance", "c:1")),
              series(Labels.of("__name__", "m")),
              series(Labels.of("__name__", "m", "a", "1")),
              series(Labels.of("__name__", "clash", "cluster", "us", "x", "1")),
              series(Labels.of("__name__", "inrep", "replica", "r1", "z", "1")),
              series(Labels.of("__name__", "inrep", "replica", "r2", "z", "0")),
              new StoreFixture.Series(
                  Labels.of("__name__", "late", "job", "x"), T0 + 3_600_000, 100, 2)));

  private final List<AutoCloseable> toClose = new ArrayList<>();

  private static StoreFixture.Series series(Labels labels) {
    return new StoreFixture.Series(labels, T0, 100, 1);
  }

  /** Opens a store over {@code fixture}'s series with its external labels. */
  protected abstract SeriesStore open(StoreFixture fixture) throws Exception;

  /** Closes {@code c} after the test, in reverse order of registration. */
  protected final void closeAfterTest(AutoCloseable c) {
    toClose.add(c);
  }

  @AfterEach
  final void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    toClose.clear();
  }

  /** A returned series with its samples in the requested range, decoded from its chunks. */
  protected record Returned(Labels labels, int chunks, List<long[]> samples) {}

  /** Reads the whole answer of a series call, checking chunk order on the way. */
  protected static List<Returned> readAll(SeriesStore store, SeriesRequest request) {
    List<Returned> out = new ArrayList<>();
    try (StoreSeriesSet set = store.series(request)) {
      while (set.next()) {
        ChunkSeries s = set.at();
        List<long[]> samples = new ArrayList<>();
        long prevMin = Long.MIN_VALUE;
        for (ChunkMeta c : s.chunks()) {
          assertThat(c.minTime()).isGreaterThanOrEqualTo(prevMin).isLessThanOrEqualTo(c.maxTime());
          prevMin = c.minTime();
          SampleIterator it = c.chunk().iterator(null);
          while (it.next() == ValueType.FLOAT) {
            assertThat(it.atT()).isBetween(c.minTime(), c.maxTime());
            if (it.atT() >= request.minTime() && it.atT() <= request.maxTime()) {
              samples.add(new long[] {it.atT(), (long) it.atFloat()});
            }
          }
        }
        out.add(new Returned(s.labels(), s.chunks().size(), samples));
      }
    }
    return out;
  }

  protected static List<Labels> labelsOf(List<Returned> returned) {
    return returned.stream().map(Returned::labels).toList();
  }

  protected static SeriesRequest request(long mint, long maxt, Matcher... matchers) {
    return SeriesRequest.of(mint, maxt, List.of(matchers));
  }

  protected static SeriesRequest request(
      List<String> without, boolean skipChunks, long limit, Matcher... matchers) {
    return new SeriesRequest(
        T0, T0 + 7_200_000, List.of(matchers), without, skipChunks, true, SelectHints.NONE, limit);
  }

  protected static LabelRequest labels(List<String> without, Matcher... matchers) {
    return new LabelRequest(T0, T0 + 7_200_000, List.of(matchers), without, true, 0);
  }

  private static final long ALL_TIME_END = T0 + 7_200_000;

  @Test
  void series_addsExternalLabelsAndSortsByTheResult() throws Exception {
    SeriesStore store = open(FIXTURE);

    List<Labels> got =
        labelsOf(readAll(store, request(T0, ALL_TIME_END, Matcher.regex("__name__", ".+"))));

    assertThat(got)
        .containsExactly(
            Labels.of("__name__", "clash", "cluster", "eu", "replica", "a", "x", "1"),
            Labels.of("__name__", "inrep", "cluster", "eu", "replica", "a", "z", "0"),
            Labels.of("__name__", "inrep", "cluster", "eu", "replica", "a", "z", "1"),
            Labels.of("__name__", "late", "cluster", "eu", "job", "x", "replica", "a"),
            Labels.of("__name__", "m", "a", "1", "cluster", "eu", "replica", "a"),
            Labels.of("__name__", "m", "cluster", "eu", "replica", "a"),
            Labels.of(
                "__name__", "up", "cluster", "eu", "instance", "a:1", "job", "api", "replica", "a"),
            Labels.of(
                "__name__", "up", "cluster", "eu", "instance", "b:1", "job", "api", "replica", "a"),
            Labels.of(
                "__name__", "up", "cluster", "eu", "instance", "c:1", "job", "db", "replica", "a"));
  }

  @Test
  void series_seriesWhoseLabelsArePrefixesSortAfterTheirExtensions() throws Exception {
    SeriesStore store = open(FIXTURE);

    List<Labels> got =
        labelsOf(readAll(store, request(T0, ALL_TIME_END, Matcher.equal("__name__", "m"))));

    assertThat(got)
        .containsExactly(
            Labels.of("__name__", "m", "a", "1", "cluster", "eu", "replica", "a"),
            Labels.of("__name__", "m", "cluster", "eu", "replica", "a"));
  }

  @Test
  void series_withoutReplicaLabelsStripsThemAndSortsAsIfAbsent() throws Exception {
    SeriesStore store = open(FIXTURE);

    List<Labels> got =
        labelsOf(
            readAll(
                store,
                request(List.of("replica"), false, 0, Matcher.regex("__name__", "inrep|m|clash"))));

    assertThat(got)
        .containsExactly(
            Labels.of("__name__", "clash", "cluster", "eu", "x", "1"),
            Labels.of("__name__", "inrep", "cluster", "eu", "z", "0"),
            Labels.of("__name__", "inrep", "cluster", "eu", "z", "1"),
            Labels.of("__name__", "m", "a", "1", "cluster", "eu"),
            Labels.of("__name__", "m", "cluster", "eu"));
  }

  @Test
  void series_seriesThatBecomeEqualStaySeparateAndAdjacent() throws Exception {
    StoreFixture fixture =
        new StoreFixture(
            Labels.of("cluster", "eu"),
            List.of(
                series(Labels.of("__name__", "up", "replica", "r1", "zone", "1")),
                series(Labels.of("__name__", "up", "replica", "r2", "zone", "0")),
                new StoreFixture.Series(
                    Labels.of("__name__", "up", "replica", "r3", "zone", "1"), T0, 100, 3)));
    SeriesStore store = open(fixture);

    List<Returned> got =
        readAll(store, request(List.of("replica"), false, 0, Matcher.equal("__name__", "up")));

    assertThat(labelsOf(got))
        .containsExactly(
            Labels.of("__name__", "up", "cluster", "eu", "zone", "0"),
            Labels.of("__name__", "up", "cluster", "eu", "zone", "1"),
            Labels.of("__name__", "up", "cluster", "eu", "zone", "1"));
    assertThat(got.get(1).samples().get(10)[1] + got.get(2).samples().get(10)[1])
        .as("both replicas of zone 1 are there: values 10 and 30 at sample 10")
        .isEqualTo(40);
  }

  @Test
  void series_longSeriesArriveWholeWithChunksInOrder() throws Exception {
    StoreFixture fixture =
        new StoreFixture(
            EXTERNAL,
            List.of(
                new StoreFixture.Series(Labels.of("__name__", "long", "i", "1"), T0, 1000, 1),
                new StoreFixture.Series(Labels.of("__name__", "long", "i", "2"), T0, 1000, 2)));
    SeriesStore store = open(fixture);

    List<Returned> got =
        readAll(store, request(T0, T0 + 1000 * STEP, Matcher.equal("__name__", "long")));

    assertThat(got).hasSize(2);
    for (int s = 0; s < 2; s++) {
      assertThat(got.get(s).chunks()).isGreaterThan(1);
      assertThat(got.get(s).samples()).hasSize(1000);
      for (int i = 0; i < 1000; i++) {
        assertThat(got.get(s).samples().get(i)).containsExactly(T0 + i * STEP, (long) i * (s + 1));
      }
    }
  }

  @Test
  void series_matchersOnExternalLabelsAreDecidedByTheirValues() throws Exception {
    SeriesStore store = open(FIXTURE);
    Matcher up = Matcher.equal("__name__", "up");

    assertThat(readAll(store, request(T0, ALL_TIME_END, up, Matcher.equal("cluster", "eu"))))
        .hasSize(3);
    assertThat(readAll(store, request(T0, ALL_TIME_END, up, Matcher.regex("cluster", "e.*"))))
        .hasSize(3);
    assertThat(readAll(store, request(T0, ALL_TIME_END, up, Matcher.equal("cluster", "us"))))
        .isEmpty();
    assertThat(readAll(store, request(T0, ALL_TIME_END, up, Matcher.notEqual("replica", "a"))))
        .isEmpty();
    assertThat(
            readAll(
                store,
                request(
                    T0,
                    ALL_TIME_END,
                    Matcher.equal("__name__", "clash"),
                    Matcher.equal("cluster", "us"))))
        .as("the external label hides the stored one")
        .isEmpty();
  }

  @Test
  void series_onlyExternalMatchersSelectEverySeries() throws Exception {
    SeriesStore store = open(FIXTURE);

    assertThat(readAll(store, request(T0, ALL_TIME_END, Matcher.equal("cluster", "eu"))))
        .hasSize(FIXTURE.series().size());
  }

  @Test
  void series_chunksHoldTheSamplesOfTheRange() throws Exception {
    SeriesStore store = open(FIXTURE);
    long mint = T0 + 10 * STEP;
    long maxt = T0 + 20 * STEP;

    List<Returned> got = readAll(store, request(mint, maxt, Matcher.equal("instance", "b:1")));

    assertThat(got).hasSize(1);
    assertThat(got.get(0).samples()).hasSize(11);
    for (int i = 0; i <= 10; i++) {
      assertThat(got.get(0).samples().get(i)).containsExactly(mint + i * STEP, 10 + i);
    }
  }

  @Test
  void series_timeRangeSelectsSeriesWithSamplesInIt() throws Exception {
    SeriesStore store = open(FIXTURE);
    Matcher any = Matcher.regex("__name__", "up|late");

    assertThat(labelsOf(readAll(store, request(T0, T0 + 60_000, any))))
        .extracting(l -> l.get("__name__"))
        .containsExactly("up", "up", "up");
    List<Returned> late = readAll(store, request(T0 + 3_600_000, T0 + 3_660_000, any));
    assertThat(labelsOf(late)).extracting(l -> l.get("__name__")).containsExactly("late");
    assertThat(late.get(0).samples()).hasSize(5);
    assertThat(late.get(0).samples().get(4)[1]).isEqualTo(8);
  }

  @Test
  void series_skipChunksAnswersLabelsOnly() throws Exception {
    SeriesStore store = open(FIXTURE);
    Matcher up = Matcher.equal("__name__", "up");

    List<Returned> withChunks = readAll(store, request(List.of(), false, 0, up));
    List<Returned> labelsOnly = readAll(store, request(List.of(), true, 0, up));

    assertThat(withChunks).allSatisfy(r -> assertThat(r.chunks()).isPositive());
    assertThat(labelsOnly).allSatisfy(r -> assertThat(r.chunks()).isZero());
    assertThat(labelsOf(labelsOnly)).isEqualTo(labelsOf(withChunks));
  }

  @Test
  void series_limitCapsTheSeries() throws Exception {
    SeriesStore store = open(FIXTURE);

    List<Labels> got =
        labelsOf(readAll(store, request(List.of(), false, 2, Matcher.regex("__name__", ".+"))));

    assertThat(got)
        .containsExactly(
            Labels.of("__name__", "clash", "cluster", "eu", "replica", "a", "x", "1"),
            Labels.of("__name__", "inrep", "cluster", "eu", "replica", "a", "z", "0"));
  }

  /** The answer of a sample-bounds request, checking that every series is a bounds series. */
  public static List<SampleBoundsSeries> readBounds(SeriesStore store, SeriesRequest request) {
    assertThat(request.sampleBounds()).isTrue();
    List<SampleBoundsSeries> out = new ArrayList<>();
    try (StoreSeriesSet set = store.series(request)) {
      while (set.next()) {
        assertThat(set.at()).isInstanceOf(SampleBoundsSeries.class);
        out.add((SampleBoundsSeries) set.at());
      }
    }
    return out;
  }

  /**
   * What the bounds answer to a request must be given its chunk answer: the series with samples in
   * the range, with the times of the first and last of them.
   */
  protected static List<SampleBoundsSeries> boundsOf(List<Returned> chunkAnswer) {
    List<SampleBoundsSeries> out = new ArrayList<>();
    for (Returned r : chunkAnswer) {
      if (!r.samples().isEmpty()) {
        out.add(
            new SampleBoundsSeries(
                r.labels(), r.samples().getFirst()[0], r.samples().getLast()[0]));
      }
    }
    return out;
  }

  @Test
  void series_sampleBoundsAreTheFirstAndLastSamplesOfTheChunkAnswer() throws Exception {
    SeriesStore store = open(FIXTURE);
    long late = T0 + 3_600_000;
    long[][] ranges = {
      {T0, ALL_TIME_END},
      {T0 + 10 * STEP + 1, late + 20 * STEP - 1},
      {T0 + 99 * STEP, late},
      {T0 + 5 * STEP, T0 + 5 * STEP},
      {T0 + 1, T0 + STEP - 1},
      {T0 - 1_000, T0 - 1},
    };
    int nonEmpty = 0;
    for (long[] range : ranges) {
      for (List<String> without : List.of(List.<String>of(), List.of("replica"))) {
        SeriesRequest chunks =
            new SeriesRequest(
                range[0],
                range[1],
                List.of(Matcher.regex("__name__", ".+")),
                without,
                false,
                true,
                SelectHints.NONE,
                0);

        List<SampleBoundsSeries> got = readBounds(store, chunks.withSampleBounds(true));

        assertThat(got)
            .as("range [%d, %d] without %s", range[0], range[1], without)
            .isEqualTo(boundsOf(readAll(store, chunks)));
        nonEmpty += got.isEmpty() ? 0 : 1;
      }
    }
    assertThat(nonEmpty).isEqualTo(8);
    List<SampleBoundsSeries> cut =
        readBounds(
            store,
            request(T0 + 10 * STEP + 1, late + 20 * STEP - 1, Matcher.regex("__name__", "late|m"))
                .withSampleBounds(true));
    assertThat(cut)
        .containsExactly(
            new SampleBoundsSeries(
                Labels.of("__name__", "late", "cluster", "eu", "job", "x", "replica", "a"),
                late,
                late + 19 * STEP),
            new SampleBoundsSeries(
                Labels.of("__name__", "m", "a", "1", "cluster", "eu", "replica", "a"),
                T0 + 11 * STEP,
                T0 + 99 * STEP),
            new SampleBoundsSeries(
                Labels.of("__name__", "m", "cluster", "eu", "replica", "a"),
                T0 + 11 * STEP,
                T0 + 99 * STEP));
  }

  @Test
  void series_skipChunksWinsOverSampleBounds() throws Exception {
    SeriesStore store = open(FIXTURE);
    Matcher up = Matcher.equal("__name__", "up");

    List<Returned> got = readAll(store, request(List.of(), true, 0, up).withSampleBounds(true));

    assertThat(labelsOf(got)).isEqualTo(labelsOf(readAll(store, request(List.of(), true, 0, up))));
    assertThat(got).allSatisfy(r -> assertThat(r.chunks()).isZero());
  }

  @Test
  void series_noMatchIsEmpty() throws Exception {
    SeriesStore store = open(FIXTURE);

    assertThat(readAll(store, request(T0, ALL_TIME_END, Matcher.equal("__name__", "nope"))))
        .isEmpty();
  }

  @Test
  void series_closingEarlyLeavesTheStoreUsable() throws Exception {
    SeriesStore store = open(FIXTURE);
    Matcher any = Matcher.regex("__name__", ".+");

    try (StoreSeriesSet set = store.series(request(T0, ALL_TIME_END, any))) {
      assertThat(set.next()).isTrue();
    }

    assertThat(readAll(store, request(T0, ALL_TIME_END, any))).hasSize(FIXTURE.series().size());
  }

  @Test
  void labelNames_includeExternalLabels() throws Exception {
    SeriesStore store = open(FIXTURE);

    assertThat(store.labelNames(labels(List.of())).values())
        .containsExactly("__name__", "a", "cluster", "instance", "job", "replica", "x", "z");
    assertThat(
            store.labelNames(labels(List.of("replica"), Matcher.equal("__name__", "up"))).values())
        .containsExactly("__name__", "cluster", "instance", "job");
    assertThat(store.labelNames(labels(List.of(), Matcher.equal("cluster", "us"))).values())
        .isEmpty();
    assertThat(store.labelNames(labels(List.of(), Matcher.equal("__name__", "nope"))).values())
        .isEmpty();
  }

  @Test
  void labelValues_ofSeriesAndExternalLabels() throws Exception {
    SeriesStore store = open(FIXTURE);

    assertThat(store.labelValues("job", labels(List.of())).values())
        .containsExactly("api", "db", "x");
    assertThat(
            store.labelValues("job", labels(List.of(), Matcher.equal("__name__", "up"))).values())
        .containsExactly("api", "db");
    assertThat(store.labelValues("cluster", labels(List.of())).values()).containsExactly("eu");
    assertThat(
            store
                .labelValues("cluster", labels(List.of(), Matcher.equal("__name__", "nope")))
                .values())
        .isEmpty();
    assertThat(store.labelValues("replica", labels(List.of("replica"))).values()).isEmpty();
    assertThat(store.labelValues("job", labels(List.of(), Matcher.equal("cluster", "us"))).values())
        .isEmpty();
  }

  @Test
  void info_advertisesExternalLabelsAndTimeRange() throws Exception {
    SeriesStore store = open(FIXTURE);

    StoreInfo info = store.info();

    assertThat(info.labelSets()).containsExactly(EXTERNAL);
    assertThat(info.minTime()).isLessThanOrEqualTo(T0);
    assertThat(info.maxTime()).isGreaterThanOrEqualTo(T0 + 3_600_000 + 99 * STEP);
    assertThat(info.supportsWithoutReplicaLabels()).isTrue();
    assertThat(info.overlaps(T0, T0)).isTrue();
  }
}
