package io.argus.store.query;

import io.argus.storage.ChunkMeta;
import io.argus.storage.FloatSamples;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The samples of a run of chunks that do not overlap in time, sorted by min time, restricted to
 * {@code [mint, maxt]} (inclusive ms): chunks outside the range are never decoded, and a sample at
 * or before the previous one (a chunk that repeats its predecessor's last sample) is skipped.
 * {@link #readFloats} copies each chunk's run of float samples in bulk. Single-threaded; reusable
 * through {@link #reset}.
 */
final class ChunksSampleIterator implements SampleIterator {
  private List<ChunkMeta> chunks = List.of();
  private long mint;
  private long maxt;
  private int nextChunk;
  private @Nullable SampleIterator current;
  private @Nullable SampleIterator spare;
  private ValueType type = ValueType.NONE;
  private long lastT;
  private boolean done;

  ChunksSampleIterator reset(List<ChunkMeta> chunks, long mint, long maxt) {
    this.chunks = chunks;
    this.mint = mint;
    this.maxt = maxt;
    this.nextChunk = 0;
    this.current = null;
    this.type = ValueType.NONE;
    this.lastT = Long.MIN_VALUE;
    this.done = false;
    return this;
  }

  /** Opens the next chunk that may hold samples at or after {@code from}; false at the end. */
  private boolean openNext(long from) {
    while (nextChunk < chunks.size()) {
      ChunkMeta c = chunks.get(nextChunk++);
      if (c.minTime() > maxt) {
        nextChunk = chunks.size();
        return false;
      }
      if (c.maxTime() < from) {
        continue;
      }
      current = c.chunk().iterator(spare);
      spare = null;
      return true;
    }
    return false;
  }

  @Override
  public ValueType next() {
    if (done) {
      return ValueType.NONE;
    }
    long from = Math.max(mint, lastT == Long.MIN_VALUE ? Long.MIN_VALUE : lastT + 1);
    while (true) {
      SampleIterator it = current;
      if (it == null) {
        if (!openNext(from)) {
          return end();
        }
        continue;
      }
      ValueType vt = it.next();
      if (vt == ValueType.NONE) {
        spare = current;
        current = null;
        continue;
      }
      long t = it.atT();
      if (t < from) {
        continue;
      }
      if (t > maxt) {
        return end();
      }
      lastT = t;
      type = vt;
      return vt;
    }
  }

  @Override
  public ValueType seek(long t) {
    if (done) {
      return ValueType.NONE;
    }
    if (type != ValueType.NONE && lastT >= t) {
      return type;
    }
    long from = Math.max(t, Math.max(mint, lastT == Long.MIN_VALUE ? t : lastT + 1));
    while (true) {
      SampleIterator it = current;
      if (it == null) {
        if (!openNext(from)) {
          return end();
        }
        continue;
      }
      ValueType vt = it.seek(from);
      if (vt == ValueType.NONE) {
        spare = current;
        current = null;
        continue;
      }
      long at = it.atT();
      if (at > maxt) {
        return end();
      }
      lastT = at;
      type = vt;
      return vt;
    }
  }

  @Override
  public ValueType readFloats(long maxT, FloatSamples out) {
    long limit = Math.min(maxT, maxt);
    while (type == ValueType.FLOAT && lastT <= maxT) {
      SampleIterator it = current;
      if (it == null) {
        throw new IllegalStateException("iterator is not positioned on a sample");
      }
      // Within one chunk samples ascend strictly: the chunk copies them up to the bound at once.
      int before = out.size;
      ValueType vt = it.readFloats(limit, out);
      if (out.size > before) {
        lastT = out.times[out.size - 1];
      }
      if (vt == ValueType.NONE) {
        spare = current;
        current = null;
        next();
        continue;
      }
      long t = it.atT();
      if (t > maxt) {
        return end();
      }
      lastT = t;
      type = vt;
      return vt;
    }
    return type;
  }

  /** The range's end or the last chunk's max time, whichever is earlier. */
  @Override
  public long maxTimeBound() {
    if (done || chunks.isEmpty()) {
      return Long.MIN_VALUE;
    }
    return Math.min(maxt, chunks.getLast().maxTime());
  }

  private ValueType end() {
    done = true;
    type = ValueType.NONE;
    current = null;
    return ValueType.NONE;
  }

  @Override
  public long atT() {
    if (type == ValueType.NONE) {
      throw new IllegalStateException("iterator is not positioned on a sample");
    }
    return lastT;
  }

  @Override
  public double atFloat() {
    SampleIterator it = current;
    if (type == ValueType.NONE || it == null) {
      throw new IllegalStateException("iterator is not positioned on a sample");
    }
    return it.atFloat();
  }
}
