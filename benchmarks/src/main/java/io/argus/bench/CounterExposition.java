package io.argus.bench;

import java.nio.charset.StandardCharsets;

/**
 * Text-format scrape bodies of counter families with ten node-exporter-like series each ({@code
 * cpu}, {@code mode}, {@code device}), for the scrape benchmarks.
 */
public final class CounterExposition {
  private CounterExposition() {}

  /** A body of {@code families} families. */
  public static byte[] ofFamilies(int families) {
    StringBuilder sb = new StringBuilder();
    for (int family = 0; family < families; family++) {
      appendFamily(sb, family);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A body of as many families as it takes to reach at least {@code bytes} bytes. */
  public static byte[] ofAtLeast(int bytes) {
    StringBuilder sb = new StringBuilder();
    for (int family = 0; sb.length() < bytes; family++) {
      appendFamily(sb, family);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendFamily(StringBuilder sb, int family) {
    String name = "node_bench_metric_" + family + "_total";
    sb.append("# HELP ").append(name).append(" A benchmark counter.\n");
    sb.append("# TYPE ").append(name).append(" counter\n");
    for (int i = 0; i < 10; i++) {
      sb.append(name)
          .append("{cpu=\"")
          .append(i)
          .append("\",mode=\"user\",device=\"sda")
          .append(i)
          .append("\"} ")
          .append(family * 1_000.5 + i)
          .append('\n');
    }
  }
}
