package io.argus.tsdb.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.chunks.HeadChunkFiles;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.tsdb.record.Records;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.SampleBatch;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalOptions;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head chunk files Argus writes are read by Prometheus 2.42 itself: {@code promtool tsdb
 * dump} of a data directory whose WAL holds only the samples after the chunks in {@code
 * chunks_head/} prints every sample, and leaves our files in place (Prometheus deletes files it
 * finds damaged).
 */
class HeadChunkFilesPromtoolTest {
  private static final long T0 = 1_700_006_400_000L; // a multiple of 2 h
  private static final long STEP = 15_000L;
  private static final int SERIES = 10;

  @TempDir Path tmp;

  @Test
  void promtoolDump_chunksHeadWithoutTheirWalSamples_printsEverySample() throws IOException {
    assumeTrue(ExternalProcess.promtoolAvailable(), "/usr/bin/promtool is absent; skipping");
    Path data = tmp.resolve("data");
    Map<Long, Labels> labelsById = new HashMap<>();
    Map<Long, List<long[]>> samplesById = new HashMap<>();
    List<String> expected = new ArrayList<>();
    Wal wal =
        Wal.open(FileOps.defaults(), data.resolve("wal"), WalOptions.defaults(), Clock.SYSTEM);
    HeadChunkFiles files = HeadChunkFiles.open(FileOps.defaults(), data.resolve("chunks_head"));
    try (Head head =
        new Head(
            HeadOptions.DEFAULTS,
            Clock.SYSTEM,
            wal,
            files,
            FileOps.defaults(),
            new PrometheusRegistry())) {
      head.init(Long.MIN_VALUE);
      for (long t = T0; t < T0 + 150 * 60_000L; t += STEP) {
        Appender app = head.appender();
        for (int i = 0; i < SERIES; i++) {
          Labels ls = Labels.of("__name__", "hc_metric", "i", Integer.toString(i));
          double v = i % 2 == 0 ? (t - T0) / 1000.0 * i : Math.sin(t / 1e6) * 1e3;
          long id = app.append(0, ls, t, v);
          labelsById.put(id, ls);
          samplesById.computeIfAbsent(id, k -> new ArrayList<>())
              .add(new long[] {t, Double.doubleToRawLongBits(v)});
          expected.add(DumpText.line(ls, v, t));
        }
        app.commit();
      }
    }

    Map<Long, Long> chunkedUntil = new HashMap<>();
    try (HeadChunkFiles read =
        HeadChunkFiles.openReadOnly(FileOps.defaults(), data.resolve("chunks_head"))) {
      read.forEachChunk(
          Integer.MAX_VALUE,
          (series, ref, mint, maxt, n) -> chunkedUntil.merge(series, maxt, Math::max));
    }
    assertThat(chunkedUntil).as("every series has full chunks in chunks_head").hasSize(SERIES);

    // Replace the WAL with one holding the series and only the samples after their chunks.
    FileOps.defaults().deleteRecursively(data.resolve("wal"));
    try (Wal rewritten =
        Wal.open(FileOps.defaults(), data.resolve("wal"), WalOptions.defaults(), Clock.SYSTEM)) {
      List<RefSeries> series = new ArrayList<>();
      labelsById.forEach((id, ls) -> series.add(new RefSeries(id, ls)));
      rewritten.log(Records.encodeSeries(new EncBuf(), series));
      SampleBatch batch = new SampleBatch();
      samplesById.forEach(
          (id, samples) -> {
            for (long[] s : samples) {
              if (s[0] > chunkedUntil.get(id)) {
                batch.add(id, s[0], Double.longBitsToDouble(s[1]));
              }
            }
          });
      assertThat(batch.size()).isPositive().isLessThan(expected.size() / 2);
      rewritten.log(Records.encodeSamples(new EncBuf(), batch));
    }

    Path forPromtool = tmp.resolve("copy-promtool");
    TestDirs.copyTree(data, forPromtool);
    Path forArgus = tmp.resolve("copy-argus");
    TestDirs.copyTree(data, forArgus);
    List<String> want = DumpText.sorted(expected);
    assertThat(DumpText.sorted(DumpText.promtoolDump(forPromtool))).isEqualTo(want);
    byte[] ours = Files.readAllBytes(data.resolve("chunks_head/000001"));
    assertThat(Files.readAllBytes(forPromtool.resolve("chunks_head/000001")))
        .as("Prometheus kept our head chunk file")
        .isEqualTo(ours);
    assertThat(DumpText.sorted(DumpText.argusDump(forArgus))).isEqualTo(want);
  }
}
