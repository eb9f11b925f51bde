package io.argus.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic, scrape-like OpenMetrics file for backfilling: {@code families} metric
 * families (alternating counters and gauges) of {@code seriesPerFamily} series each, every series
 * with {@code samplesPerSeries} samples {@code intervalSeconds} apart starting at {@code
 * startSeconds}. Counters grow by small random increments; gauges wander with two decimals. The
 * same arguments always produce the same bytes.
 */
public final class OpenMetricsGenerator {
  private final int families;
  private final int seriesPerFamily;
  private final int samplesPerSeries;
  private final long startSeconds;
  private final long intervalSeconds;

  public OpenMetricsGenerator(
      int families,
      int seriesPerFamily,
      int samplesPerSeries,
      long startSeconds,
      long intervalSeconds) {
    this.families = families;
    this.seriesPerFamily = seriesPerFamily;
    this.samplesPerSeries = samplesPerSeries;
    this.startSeconds = startSeconds;
    this.intervalSeconds = intervalSeconds;
  }

  /** Returns how many samples the file holds. */
  public long sampleCount() {
    return (long) families * seriesPerFamily * samplesPerSeries;
  }

  /** Returns how many series the file holds. */
  public int seriesCount() {
    return families * seriesPerFamily;
  }

  /** Writes the file (replacing it). */
  public void writeTo(Path file) throws IOException {
    try (Writer out =
        new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
      writeTo(out);
    }
  }

  /** Writes the whole exposition, ending with {@code # EOF}. */
  public void writeTo(Writer out) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    StringBuilder line = new StringBuilder(160);
    for (int f = 0; f < families; f++) {
      boolean counter = f % 2 == 0;
      String family = (counter ? "app_requests_" : "app_queue_depth_") + f;
      out.write("# HELP " + family + " Synthetic " + (counter ? "counter" : "gauge") + ".\n");
      out.write("# TYPE " + family + (counter ? " counter\n" : " gauge\n"));
      String metric = counter ? family + "_total" : family;
      for (int s = 0; s < seriesPerFamily; s++) {
        String labels =
            "{instance=\"10.0.%d.%d:9100\",job=\"node\",handler=\"/api/v1/h%d\"}"
                .formatted(s / 250, s % 250, s % 7);
        double value = counter ? random.nextInt(1000) : random.nextInt(10_000) / 100.0;
        for (int i = 0; i < samplesPerSeries; i++) {
          if (counter) {
            value += random.nextInt(20);
          } else {
            value =
                Math.max(0, Math.round((value + random.nextInt(-200, 201) / 100.0) * 100) / 100.0);
          }
          line.setLength(0);
          line.append(metric).append(labels).append(' ');
          if (counter) {
            line.append((long) value);
          } else {
            line.append(value);
          }
          line.append(' ').append(startSeconds + i * intervalSeconds).append('\n');
          out.append(line);
        }
      }
    }
    out.write("# EOF\n");
  }
}
