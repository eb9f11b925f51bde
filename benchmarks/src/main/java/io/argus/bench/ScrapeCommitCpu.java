package io.argus.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Runs {@link ScrapeCommitBenchmark}'s workload and reports the <em>CPU</em> time of the appending
 * thread per sample, which a busy shared machine distorts far less than JMH's wall-clock
 * throughput. Usage: {@code java -cp benchmarks.jar io.argus.bench.ScrapeCommitCpu [wal
 * [rounds]]}; each round is 2,000 batches of 1,000 samples after 20 warm-up rounds, and the
 * report gives the minimum and median ns of CPU per sample.
 */
public final class ScrapeCommitCpu {
  private ScrapeCommitCpu() {}

  public static void main(String[] args) throws IOException {
    boolean wal = args.length > 0 && Boolean.parseBoolean(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ScrapeCommitBenchmark b = new ScrapeCommitBenchmark();
    b.targets = 200;
    b.wal = wal;
    b.setUp();
    int batches = 2_000;
    double[] nsPerSample = new double[rounds];
    try {
      for (int r = -20; r < rounds; r++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < batches; i++) {
          b.appendScrape();
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        if (r >= 0) {
          nsPerSample[r] = (double) cpu / (batches * 1_000L);
        }
      }
    } finally {
      b.tearDown();
    }
    Arrays.sort(nsPerSample);
    System.out.printf(
        "wal=%s rounds=%d cpu ns/sample: min %.1f median %.1f max %.1f%n",
        wal, rounds, nsPerSample[0], nsPerSample[rounds / 2], nsPerSample[rounds - 1]);
  }
}
