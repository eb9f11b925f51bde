package io.argus.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.record.Records;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.SampleBatch;
import io.argus.util.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the WAL of a real Prometheus (Debian's 2.42 build) that scraped itself. */
class PrometheusWalCompatibilityTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  /** Prometheus applies discovered targets only every 5 s, so the first scrape takes a while. */
  private static final long WAIT_FOR_DATA_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  @TempDir Path tmp;
  private final FileOps ops = FileOps.defaults();

  /** What decoding a whole WAL found. */
  private static final class Summary {
    long buildInfoRef = -1;
    int seriesCount;
    int buildInfoSamples;
    final Set<Long> buildInfoValueBits = new HashSet<>();
    int otherRecords;
  }

  private Summary decodeAll(Path walDir) throws IOException {
    Summary s = new Summary();
    Set<Long> known = new HashSet<>();
    List<RefSeries> series = new ArrayList<>();
    SampleBatch samples = new SampleBatch();
    try (WalReader r = WalReader.open(ops, walDir)) {
      while (r.next()) {
        byte[] rec = r.recordBuffer();
        int len = r.recordLength();
        switch (Records.type(rec, len)) {
          case SERIES -> {
            series.clear();
            Records.decodeSeries(rec, len, series);
            for (RefSeries rs : series) {
              known.add(rs.ref());
              s.seriesCount++;
              if ("prometheus_build_info".equals(rs.labels().get("__name__"))) {
                s.buildInfoRef = rs.ref();
              }
            }
          }
          case SAMPLES -> {
            samples.clear();
            Records.decodeSamples(rec, len, samples);
            for (int i = 0; i < samples.size(); i++) {
              assertThat(known).as("series record precedes its samples").contains(samples.ref(i));
              if (samples.ref(i) == s.buildInfoRef) {
                s.buildInfoSamples++;
                s.buildInfoValueBits.add(Double.doubleToRawLongBits(samples.value(i)));
              }
            }
          }
          default -> s.otherRecords++;
        }
      }
    }
    return s;
  }

  private boolean hasBuildInfoSamples(Path walDir) throws IOException {
    if (!Files.isDirectory(walDir)) {
      return false;
    }
    try {
      return decodeAll(walDir).buildInfoSamples > 0;
    } catch (WalCorruptionException tornByConcurrentWrite) {
      return false;
    }
  }

  @Test
  void walReader_decodesRealPrometheusWal() throws Exception {
    assumeTrue(Files.isExecutable(PROMETHEUS), "skipped: " + PROMETHEUS + " is not installed");
    int port = LoopbackPorts.freePort();
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 100ms
          scrape_timeout: 100ms
        scrape_configs:
          - job_name: self
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(port));
    Path data = tmp.resolve("data");
    Path walDir = data.resolve("wal");
    Path log = tmp.resolve("prometheus.log");
    Process prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = Clock.SYSTEM.nanoTime() + WAIT_FOR_DATA_NANOS;
      while (!hasBuildInfoSamples(walDir)) {
        if (prometheus.waitFor(200, TimeUnit.MILLISECONDS)) {
          fail("prometheus exited early:\n" + Files.readString(log));
        }
        if (Clock.SYSTEM.nanoTime() - deadline > 0) {
          fail("no prometheus_build_info samples in the wal after 30 s:\n" + Files.readString(log));
        }
      }
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(15, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }

    Summary summary = decodeAll(walDir);

    assertThat(summary.buildInfoRef).isPositive();
    assertThat(summary.seriesCount).isGreaterThan(100);
    assertThat(summary.buildInfoSamples).isPositive();
    assertThat(summary.buildInfoValueBits)
        .as("value 1, and the staleness marker written at shutdown")
        .contains(Double.doubleToRawLongBits(1.0))
        .isSubsetOf(Double.doubleToRawLongBits(1.0), STALE_NAN_BITS);
    byte[] first = Files.readAllBytes(walDir.resolve("00000000"));
    assertThat(first[0] & Wal.FLAG_SNAPPY).as("first record is snappy-compressed").isNotZero();
    for (String name : ops.list(walDir)) {
      if (SegmentFiles.isAllDigits(name)) {
        assertThat(Files.size(walDir.resolve(name)) % Wal.PAGE_SIZE)
            .as("segment %s padded at shutdown", name)
            .isZero();
      }
    }
  }
}
