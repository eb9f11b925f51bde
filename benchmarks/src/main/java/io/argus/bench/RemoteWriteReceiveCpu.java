package io.argus.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Runs {@link RemoteWriteReceiveBenchmark}'s workload on one thread and reports the <em>CPU</em>
 * time of that thread per received sample, which a busy shared machine distorts far less than
 * JMH's wall-clock throughput. Usage: {@code java -cp benchmarks.jar
 * io.argus.bench.RemoteWriteReceiveCpu [series [rounds]]} (defaults 80,000 and 8); a round sends
 * every pre-built request once (30 successive samples of each series, the first creating it), after
 * 5 warm-up rounds; the report gives the minimum and median ns of CPU per sample.
 */
public final class RemoteWriteReceiveCpu {
  private RemoteWriteReceiveCpu() {}

  public static void main(String[] args) throws IOException {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 80_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    RemoteWriteReceiveBenchmark b = new RemoteWriteReceiveBenchmark();
    b.series = series;
    b.build();
    int requests = b.requestCount();
    double[] nsPerSample = new double[rounds];
    for (int r = -5; r < rounds; r++) {
      b.newHead();
      long cpu0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < requests; i++) {
        b.receive();
      }
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      b.closeHead();
      if (r >= 0) {
        nsPerSample[r] = (double) cpu / (requests * (long) RemoteWriteReceiveBenchmark.SAMPLES);
      }
    }
    double[] sorted = nsPerSample.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "remote-write receive, %d series, %d requests of %d samples per round: CPU ns per sample"
            + " min %.0f median %.0f (rounds %s)%n",
        series,
        requests,
        RemoteWriteReceiveBenchmark.SAMPLES,
        sorted[0],
        sorted[rounds / 2],
        Arrays.toString(Arrays.stream(nsPerSample).mapToLong(Math::round).toArray()));
  }
}
