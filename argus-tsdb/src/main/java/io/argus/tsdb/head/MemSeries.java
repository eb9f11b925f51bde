package io.argus.tsdb.head;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.Chunk;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.Encoding;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.storage.chunkenc.XorEncoder;
import io.argus.tsdb.chunks.HeadChunkFiles;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.index.ChunkRef;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One series in the head: its labels, its chunks (all immutable except the newest, which is open
 * for appending), its newest sample, and the append IDs of its most recent samples for isolation.
 *
 * <p>Full chunks are written to the head chunk files when they are cut, and the series keeps only
 * their references, times and sample counts in primitive arrays; a full chunk stays on the heap
 * only when the head has no chunk files or writing it failed. The open chunk is encoded in this
 * object's own fields (it extends {@link XorEncoder}), since the head holds one per series.
 *
 * <p>All mutable state is guarded by this object's monitor; callers synchronize on the series. The
 * ID and labels are immutable.
 */
final class MemSeries extends XorEncoder {
  /** Bits of a head chunk reference that hold the chunk ID; the series ID sits above them. */
  static final int CHUNK_ID_BITS = 24;

  static final long CHUNK_ID_MASK = (1L << CHUNK_ID_BITS) - 1;

  /** The largest XOR chunk that may still take another sample (1024 minus the largest sample). */
  static final int MAX_BYTES_PER_XOR_CHUNK = 1005;

  /** Outcome of {@link #append}: the sample was rejected as out of order. */
  static final int REJECTED_OUT_OF_ORDER = 0;

  /** Outcome of {@link #append}: an identical sample exists; nothing changed. */
  static final int DUPLICATE_IGNORED = 1;

  /** Outcome of {@link #append}: appended to the open chunk. */
  static final int APPENDED = 2;

  /** Outcome of {@link #append}: appended to a newly cut chunk. */
  static final int APPENDED_NEW_CHUNK = 3;

  final long id;
  final Labels labels;

  private static final long[] NO_LONGS = new long[0];
  private static final char[] NO_CHARS = new char[0];

  /** Marks a full chunk held on the heap (in {@link #heapChunks}) instead of in a file. */
  private static final long ON_HEAP = -1;

  /**
   * The encoding byte of the chunks written to the head chunk files. Read in the class initializer,
   * so that {@link Encoding} is initialized together with this class: a JVM started from an
   * ahead-of-time cache holds back the trained C2 code of {@link #append}, and of the WAL replay
   * loop that inlines it, until every class that code depends on is initialized, and the first use
   * of the encoding would otherwise be the first chunk cut, 120 samples into a series.
   */
  private static final byte XOR_ENCODING = (byte) Encoding.XOR.code();

  /** Marks, in place of packed times, a full chunk whose times are in {@link #wideTimes}. */
  private static final long WIDE_TIMES = -1;

  /**
   * The full chunks, oldest first, two slots each: at {@code 2i} chunk {@code i}'s head chunk file
   * reference or {@link #ON_HEAP}; at {@code 2i+1} its closed time range (ms), packed as {@code
   * (mint - timeBase) << 32 | (maxt - mint)}: a signed and an unsigned 32-bit int, the latter below
   * 2^32-1, so that the packed value is never {@link #WIDE_TIMES}, which marks a range that does
   * not fit. The first {@code 2 * numClosed} slots are used. A long-running head holds dozens of
   * full chunks per series, so these 16 bytes (and the sample count) are all a full chunk costs.
   */
  private long[] closed = NO_LONGS;

  /** The time the packed ranges of {@link #closed} count from; the oldest chunk's first time. */
  private long timeBase;

  /**
   * Time ranges of full chunks marked {@link #WIDE_TIMES} at {@code 2i} and {@code 2i+1} (other
   * slots unused); null while no chunk is marked. Only a head whose chunks span more than 24 days,
   * or a chunk spanning 49, needs it.
   */
  private long @Nullable [] wideTimes;

  /** Sample counts of the full chunks. */
  private char[] closedSamples = NO_CHARS;

  /** The exact XOR bytes of full chunks marked {@link #ON_HEAP}; null while there are none. */
  private byte @Nullable [][] heapChunks;

  private int numClosed;

  /**
   * The first sample time of the open chunk (the encoder's, taking appends, newest of all; its last
   * is {@link #newestTime()}). There is none before the first sample and after truncation.
   */
  private long openMinTime;

  /** The ID of the oldest chunk held; IDs stay stable when older chunks are truncated. */
  private long firstChunkId;

  /** The timestamp at which the open chunk is cut (see {@link #append}). */
  private long nextAt = Long.MIN_VALUE;

  /** False when the newest sample is only known from a memory-mapped chunk's max time. */
  private boolean lastValueKnown = true;

  /**
   * Append IDs of the newest {@code txCount} samples, oldest first. Older samples belong to batches
   * below the low watermark and are visible to every reader. A single ID, the usual case (each
   * scrape's batch is below the watermark by the next scrape), is kept in {@link #txOnly} and
   * {@link #txIds} is empty; more are kept in {@link #txIds} as a ring starting at {@link
   * #txFirst}, which is dropped again once it drains.
   */
  private long[] txIds = NO_LONGS;

  private long txOnly;
  private int txFirst;
  private int txCount;

  /** Samples added to appenders and neither committed nor rolled back yet. */
  int pendingCommits;

  /** Set when garbage collection removed the series from the head; appenders must not use it. */
  boolean removed;

  /** Whether a series record for this series reached the WAL. Guarded by the head's WAL lock. */
  boolean walLogged;

  MemSeries(long id, Labels labels) {
    this.id = id;
    this.labels = labels;
  }

  /** Returns the timestamp of the newest sample, or {@link Long#MIN_VALUE} when none. */
  long lastTimestamp() {
    return newestTime();
  }

  /**
   * Checks whether a sample could be appended without it being out of order.
   *
   * @return {@link #APPENDED} when it could, {@link #DUPLICATE_IGNORED} for a sample identical to
   *     the newest one, {@link #REJECTED_OUT_OF_ORDER} for an older one; -1 for the newest
   *     timestamp with another value (a duplicate sample)
   */
  int appendable(long t, double v) {
    long lastT = newestTime();
    if (t > lastT) {
      return APPENDED;
    }
    if (t < lastT || !lastValueKnown) {
      return REJECTED_OUT_OF_ORDER;
    }
    return Double.doubleToRawLongBits(v) == newestValueBits() ? DUPLICATE_IGNORED : -1;
  }

  /**
   * Appends a sample of batch {@code appendId}, cutting a new chunk first when the rules of
   * Prometheus' head require it: no open chunk, the open chunk above {@value
   * #MAX_BYTES_PER_XOR_CHUNK} bytes, {@code t} at or past the predicted end of the open chunk, or
   * the open chunk holding twice the target sample count.
   *
   * @param lowWatermark the isolation low watermark; append IDs below it are forgotten
   * @param files where full chunks are written when cut, or null to keep them on the heap
   * @return one of the outcome constants of this class
   */
  int append(
      long t,
      double v,
      long appendId,
      long lowWatermark,
      HeadOptions opts,
      @Nullable HeadChunkFiles files) {
    long lastT = newestTime();
    if (t <= lastT) {
      return t == lastT && lastValueKnown && Double.doubleToRawLongBits(v) == newestValueBits()
          ? DUPLICATE_IGNORED
          : REJECTED_OUT_OF_ORDER;
    }
    boolean created = false;
    if (!hasChunk() || encodedLength() > MAX_BYTES_PER_XOR_CHUNK) {
      cutChunk(t, opts.chunkRange(), files);
      created = true;
    }
    int n = encodedSamples();
    if (n == opts.samplesPerChunk() / 4) {
      nextAt = chunkEndTime(openMinTime, lastT, nextAt);
    }
    if (!created && (t >= nextAt || n >= 2 * opts.samplesPerChunk())) {
      cutChunk(t, opts.chunkRange(), files);
      created = true;
    }
    encode(t, v);
    lastValueKnown = true;
    addAppendId(appendId, lowWatermark);
    return created ? APPENDED_NEW_CHUNK : APPENDED;
  }

  /**
   * Reads, without the series lock and without changing anything, the state an {@link #append}
   * touches (the open chunk's write position, the append ID ring), so that a batch loads it for all
   * its series before appending; see {@link ChunkAppender#prefetch}. The result means nothing;
   * racing appends are harmless.
   */
  int prefetchAppend() {
    int h = prefetchEncoder();
    return h + (int) txId(0);
  }

  /**
   * Predicts when the chunk starting at {@code start}, with newest sample {@code cur}, should end
   * so that the rest of its range up to {@code maxT} splits into chunks of about equal size, given
   * that the chunk holds a quarter of its target samples now.
   */
  static long chunkEndTime(long start, long cur, long maxT) {
    double n = (double) (maxT - start) / ((double) (cur - start + 1) * 4);
    if (n <= 1) {
      return maxT;
    }
    return (long) (start + (maxT - start) / Math.floor(n));
  }

  /** Returns the end of the chunk range containing {@code t}: the next multiple of the range. */
  static long rangeEnd(long t, long range) {
    return (t / range) * range + range;
  }

  /**
   * Closes the open chunk, writing it to {@code files} (or, without files or when the write fails,
   * keeping it on the heap trimmed to its exact size), and opens a new one starting at {@code t}.
   *
   * <p>Once a full chunk of the series is on the heap, the later ones stay there too: the files
   * must hold an oldest-first run of the series' chunks without gaps, because on restart WAL replay
   * skips every sample up to the newest chunk found in the files.
   */
  private void cutChunk(long t, long range, @Nullable HeadChunkFiles files) {
    if (hasChunk()) {
      long ref = ON_HEAP;
      if (files != null && heapChunks == null) {
        try {
          ref =
              files.write(
                  id, openMinTime, newestTime(), XOR_ENCODING, encodedBytes(), encodedLength());
        } catch (IOException e) {
          ref = ON_HEAP; // HeadChunkFiles logs the failure; the chunk stays readable from memory.
        }
      }
      addClosed(ref, openMinTime, newestTime(), encodedSamples());
      if (ref == ON_HEAP) {
        heapChunks[numClosed - 1] = Arrays.copyOf(encodedBytes(), encodedLength());
      }
    }
    startChunk();
    openMinTime = t;
    nextAt = rangeEnd(t, range);
  }

  private void addClosed(long ref, long mint, long maxt, int samples) {
    if (numClosed == closedSamples.length) {
      int cap = Math.max(2, numClosed * 2);
      closed = Arrays.copyOf(closed, 2 * cap);
      closedSamples = Arrays.copyOf(closedSamples, cap);
      if (wideTimes != null) {
        wideTimes = Arrays.copyOf(wideTimes, 2 * cap);
      }
      if (heapChunks != null) {
        heapChunks = Arrays.copyOf(heapChunks, cap);
      }
    }
    if (ref == ON_HEAP && heapChunks == null) {
      heapChunks = new byte[closedSamples.length][];
    }
    if (numClosed == 0) {
      timeBase = mint;
    }
    closed[2 * numClosed] = ref;
    setClosedTimes(numClosed, mint, maxt);
    closedSamples[numClosed] = (char) samples;
    numClosed++;
  }

  /** Stores full chunk {@code i}'s time range, packed against {@link #timeBase} when it fits. */
  private void setClosedTimes(int i, long mint, long maxt) {
    long offset = mint - timeBase;
    long duration = maxt - mint;
    boolean offsetOverflows = ((mint ^ timeBase) & (mint ^ offset)) < 0;
    if (!offsetOverflows && offset == (int) offset && duration >= 0 && duration < 0xFFFFFFFFL) {
      closed[2 * i + 1] = offset << 32 | duration;
      return;
    }
    long[] wide = wideTimes;
    if (wide == null) {
      wide = new long[closed.length];
      wideTimes = wide;
    }
    closed[2 * i + 1] = WIDE_TIMES;
    wide[2 * i] = mint;
    wide[2 * i + 1] = maxt;
  }

  private long closedMinTime(int i) {
    return closedMinTime(i, timeBase);
  }

  private long closedMaxTime(int i) {
    return closedMaxTime(i, timeBase);
  }

  private long closedMinTime(int i, long base) {
    long packed = closed[2 * i + 1];
    return packed == WIDE_TIMES ? wideTimes[2 * i] : base + (packed >> 32);
  }

  private long closedMaxTime(int i, long base) {
    long packed = closed[2 * i + 1];
    return packed == WIDE_TIMES
        ? wideTimes[2 * i + 1]
        : base + (packed >> 32) + (packed & 0xFFFFFFFFL);
  }

  /**
   * Adds a full chunk loaded from the head chunk files on start-up, before any sample is appended.
   * Chunks must come oldest first and must not overlap.
   *
   * @return false (and nothing changes) when the chunk does not start after the newest one held
   */
  boolean addMmappedChunk(long ref, long mint, long maxt, int samples) {
    if (hasChunk() || mint <= newestTime() || maxt < mint) {
      return false;
    }
    addClosed(ref, mint, maxt, samples);
    setNewestTime(maxt);
    lastValueKnown = false;
    return true;
  }

  /** Returns the newest time of the full chunks, or {@link Long#MIN_VALUE} when none. */
  long closedMaxTime() {
    return numClosed == 0 ? Long.MIN_VALUE : closedMaxTime(numClosed - 1);
  }

  private long chunkMinTime(int position) {
    return position < numClosed ? closedMinTime(position) : openMinTime;
  }

  private long chunkMaxTime(int position) {
    return position < numClosed ? closedMaxTime(position) : newestTime();
  }

  private int chunkSamples(int position) {
    return position < numClosed ? closedSamples[position] : encodedSamples();
  }

  private void addAppendId(long appendId, long lowWatermark) {
    while (txCount > 0 && txId(0) < lowWatermark) {
      if (txIds.length > 0) {
        txFirst = (txFirst + 1) % txIds.length;
      }
      txCount--;
    }
    if (txCount == 0) {
      txIds = NO_LONGS;
      txFirst = 0;
      if (appendId < lowWatermark) {
        // Visible to every reader, like the samples before the ring (e.g. WAL replay).
        return;
      }
      txOnly = appendId;
      txCount = 1;
      return;
    }
    if (txIds.length == 0) {
      txIds = new long[4];
      txIds[0] = txOnly;
    } else if (txCount == txIds.length) {
      long[] grown = new long[txIds.length * 2];
      for (int i = 0; i < txCount; i++) {
        grown[i] = txIds[(txFirst + i) % txIds.length];
      }
      txIds = grown;
      txFirst = 0;
    }
    txIds[(txFirst + txCount) % txIds.length] = appendId;
    txCount++;
  }

  /**
   * Returns the append ID of the {@code k}-th of the newest {@code txCount} samples, oldest first
   * (racy reads from {@link #prefetchAppend} may get any value).
   */
  private long txId(int k) {
    long[] ring = txIds;
    return ring.length == 0 ? txOnly : ring[(txFirst + k) % ring.length];
  }

  /** Returns the number of chunks, including the open one. */
  int numChunks() {
    return hasChunk() ? numClosed + 1 : numClosed;
  }

  /** Returns the chunk reference of the chunk at {@code position} (0 = oldest still held). */
  long chunkRef(int position) {
    return (id << CHUNK_ID_BITS) | ((firstChunkId + position) & CHUNK_ID_MASK);
  }

  /** Returns the position of the chunk with ID {@code chunkId}, or -1 when it is not held. */
  int positionOf(long chunkId) {
    long pos = (chunkId - firstChunkId) & CHUNK_ID_MASK;
    return pos < numChunks() ? (int) pos : -1;
  }

  /** Adds references to the chunks overlapping {@code [mint, maxt]} to {@code out}, by time. */
  void chunkRefs(long mint, long maxt, List<ChunkRef> out) {
    int n = numChunks();
    for (int i = 0; i < n; i++) {
      long min = chunkMinTime(i);
      long max = chunkMaxTime(i);
      if (min <= maxt && mint <= max) {
        out.add(new ChunkRef(chunkRef(i), min, max));
      }
    }
  }

  /** Returns the time range of the oldest chunk's first sample, or MAX_VALUE when empty. */
  long minTime() {
    return numChunks() == 0 ? Long.MAX_VALUE : chunkMinTime(0);
  }

  /** Returns the timestamp of the newest sample in a chunk, or MIN_VALUE when empty. */
  long maxTime() {
    int n = numChunks();
    return n == 0 ? Long.MIN_VALUE : chunkMaxTime(n - 1);
  }

  /**
   * Returns the samples of the chunk at {@code position} that {@code state} may see. An immutable
   * chunk whose samples are all visible is returned itself, the open chunk as a byte copy; samples
   * of batches the reader must not see are left out of a copy encoded with {@code newChunk}.
   */
  Chunk visibleChunk(
      int position,
      IsolationState state,
      Supplier<? extends Chunk> newChunk,
      @Nullable HeadChunkFiles files) {
    int n = chunkSamples(position);
    int samplesAfter = 0;
    int total = numChunks();
    for (int i = position + 1; i < total; i++) {
      samplesAfter += chunkSamples(i);
    }
    // Ring index of the chunk's first sample; negative indices precede the ring (all visible).
    int firstTx = txCount - samplesAfter - n;
    boolean allVisible = true;
    for (int k = Math.max(0, -firstTx); k < n && firstTx + k < txCount; k++) {
      if (!state.isVisible(txId(firstTx + k))) {
        allVisible = false;
        break;
      }
    }
    Chunk chunk =
        position < numClosed
            ? XorChunk.fromBytes(closedBytes(position, files))
            : XorChunk.fromBytes(Arrays.copyOf(encodedBytes(), encodedLength()));
    if (allVisible) {
      return chunk;
    }
    Chunk copy = newChunk.get();
    ChunkAppender app = copy.appender();
    SampleIterator it = chunk.iterator(null);
    for (int k = 0; k < n && it.next() == ValueType.FLOAT; k++) {
      int tx = firstTx + k;
      if (allVisible || tx < 0 || state.isVisible(txId(tx))) {
        app.append(it.atT(), it.atFloat());
      }
    }
    return copy;
  }

  private byte[] closedBytes(int position, @Nullable HeadChunkFiles files) {
    long ref = closed[2 * position];
    if (ref == ON_HEAP) {
      return heapChunks[position];
    }
    if (files == null) {
      throw new CorruptionException("head chunk file reference without head chunk files");
    }
    return files.chunkBytes(ref);
  }

  /**
   * Drops the chunks whose samples all lie before {@code mint}.
   *
   * @return the number of chunks dropped
   */
  int truncateChunksBefore(long mint) {
    int drop = 0;
    while (drop < numClosed && closedMaxTime(drop) < mint) {
      drop++;
    }
    if (drop > 0) {
      int keep = numClosed - drop;
      rebaseClosedTimes(drop, keep);
      System.arraycopy(closed, 2 * drop, closed, 0, 2 * keep);
      System.arraycopy(closedSamples, drop, closedSamples, 0, keep);
      byte[][] heap = heapChunks;
      if (heap != null) {
        System.arraycopy(heap, drop, heap, 0, keep);
        Arrays.fill(heap, keep, numClosed, null);
        boolean any = false;
        for (int i = 0; i < keep && !any; i++) {
          any = heap[i] != null;
        }
        if (!any) {
          heapChunks = null;
        }
      }
      numClosed -= drop;
      firstChunkId += drop;
    }
    if (numClosed == 0 && hasChunk() && newestTime() < mint) {
      dropChunk();
      firstChunkId++;
      drop++;
    }
    return drop;
  }

  /**
   * Repacks the time ranges of the {@code keep} full chunks from position {@code drop} on against
   * the first one's start, in place, as truncation is about to drop the chunks before them: the
   * offsets of a series that lives in the head for weeks stay small, and wide ranges that now fit
   * are packed again.
   */
  private void rebaseClosedTimes(int drop, int keep) {
    if (keep == 0) {
      wideTimes = null;
      return;
    }
    long oldBase = timeBase;
    timeBase = closedMinTime(drop, oldBase);
    boolean anyWide = false;
    for (int i = drop; i < drop + keep; i++) {
      // Each slot is read with the old base before being rewritten with the new one.
      setClosedTimes(i, closedMinTime(i, oldBase), closedMaxTime(i, oldBase));
      anyWide |= closed[2 * i + 1] == WIDE_TIMES;
    }
    if (!anyWide) {
      wideTimes = null;
    } else {
      System.arraycopy(wideTimes, 2 * drop, wideTimes, 0, 2 * keep);
    }
  }

  /** Returns a rough estimate of the heap this series occupies, in bytes. */
  long estimateBytes() {
    long bytes = 168 + 18L * closedSamples.length + 8L * txIds.length + 48;
    byte[][] heap = heapChunks;
    if (heap != null) {
      bytes += 16 + 8L * heap.length;
      for (int i = 0; i < numClosed; i++) {
        bytes += heap[i] == null ? 0 : 16 + heap[i].length;
      }
    }
    if (hasChunk()) {
      bytes += 16 + encodedBytes().length;
    }
    for (int i = 0; i < labels.size(); i++) {
      bytes += 2 * 8;
    }
    return bytes;
  }
}
