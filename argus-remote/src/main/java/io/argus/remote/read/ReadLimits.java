package io.argus.remote.read;

/**
 * The limits of remote read, as Prometheus' flags.
 *
 * @param sampleLimit the most samples one SAMPLES query may return; 0 for no limit ({@code
 *     --storage.remote.read-sample-limit}, default 5e7)
 * @param concurrentLimit the most read requests served at once; more wait ({@code
 *     --storage.remote.read-concurrent-limit}, default 10; 0 for no limit)
 * @param maxBytesInFrame the size a streamed frame should not exceed, by at most one chunk ({@code
 *     --storage.remote.read-max-bytes-in-frame}, default 1 MiB)
 */
public record ReadLimits(int sampleLimit, int concurrentLimit, int maxBytesInFrame) {
  public static final ReadLimits DEFAULT = new ReadLimits(50_000_000, 10, 1_048_576);

  public ReadLimits {
    if (sampleLimit < 0 || concurrentLimit < 0 || maxBytesInFrame <= 0) {
      throw new IllegalArgumentException("invalid remote read limits");
    }
  }
}
