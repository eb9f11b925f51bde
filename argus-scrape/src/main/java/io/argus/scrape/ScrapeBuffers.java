package io.argus.scrape;

/**
 * Lends body buffers to scrape loops, so that a loop holds a buffer only while it scrapes. A server
 * scraping hundreds of targets then keeps a few buffers of each size, not one per target (at 200
 * targets with 100 KB bodies that is ~40 MB of heap, about 200 bytes per series).
 *
 * <p>Buffers are grouped by size class, a power of two. {@link #acquire} hands out an idle buffer
 * of the asked size's class, else an idle one of the class below that is long enough, else a new
 * one. {@link #release} keeps a returned buffer for later unless its class already holds {@value
 * #IDLE_PER_CLASS} idle buffers or the idle buffers would exceed the byte bound, in which case the
 * garbage collector takes it. Thread-safe; the lock is held only to move a reference.
 */
final class ScrapeBuffers {
  /** The smallest buffer handed out, in bytes. */
  static final int MIN_BYTES = 8192;

  /** Idle buffers kept per size class. */
  static final int IDLE_PER_CLASS = 4;

  /** The default bound on the bytes of all idle buffers. */
  static final long DEFAULT_MAX_IDLE_BYTES = 64L << 20;

  /** Classes 0..30: a class-k buffer is at least 2^k bytes long. */
  private static final int CLASSES = 31;

  private final long maxIdleBytes;
  private final byte[][][] idle = new byte[CLASSES][IDLE_PER_CLASS][];
  private final int[] idleCount = new int[CLASSES];
  private long idleBytes;

  ScrapeBuffers() {
    this(DEFAULT_MAX_IDLE_BYTES);
  }

  /** A pool keeping at most {@code maxIdleBytes} bytes of idle buffers. */
  ScrapeBuffers(long maxIdleBytes) {
    this.maxIdleBytes = maxIdleBytes;
  }

  /**
   * Returns a buffer of at least {@code max(expectedBytes, MIN_BYTES)} bytes, idle or new. Its
   * contents are undefined. The caller owns it until it passes it to {@link #release}, or forever.
   */
  byte[] acquire(int expectedBytes) {
    int wanted = Math.max(expectedBytes, MIN_BYTES);
    int sizeClass = 32 - Integer.numberOfLeadingZeros(wanted - 1);
    if (sizeClass >= CLASSES) {
      return new byte[wanted];
    }
    synchronized (this) {
      if (idleCount[sizeClass] > 0) {
        return take(sizeClass, idleCount[sizeClass] - 1);
      }
      // Buffers grown to a body's exact length sit one class lower; some may be long enough.
      for (int i = idleCount[sizeClass - 1] - 1; i >= 0; i--) {
        if (idle[sizeClass - 1][i].length >= wanted) {
          return take(sizeClass - 1, i);
        }
      }
    }
    return new byte[1 << sizeClass];
  }

  private byte[] take(int sizeClass, int index) {
    byte[][] slots = idle[sizeClass];
    int last = idleCount[sizeClass] - 1;
    byte[] buf = slots[index];
    slots[index] = slots[last];
    slots[last] = null;
    idleCount[sizeClass] = last;
    idleBytes -= buf.length;
    return buf;
  }

  /**
   * Takes back a buffer the caller no longer reads or writes, and that nothing else writes any
   * more (a buffer an abandoned exchange may still fill must not come back).
   */
  void release(byte[] buf) {
    if (buf.length < MIN_BYTES) {
      return;
    }
    int sizeClass = 31 - Integer.numberOfLeadingZeros(buf.length);
    synchronized (this) {
      int n = idleCount[sizeClass];
      if (n == IDLE_PER_CLASS || idleBytes + buf.length > maxIdleBytes) {
        return;
      }
      idle[sizeClass][n] = buf;
      idleCount[sizeClass] = n + 1;
      idleBytes += buf.length;
    }
  }

  /** Returns the bytes of the idle buffers. */
  synchronized long idleBytes() {
    return idleBytes;
  }
}
