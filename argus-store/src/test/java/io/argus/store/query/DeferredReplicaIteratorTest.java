package io.argus.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.storage.FloatSamples;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DeferredReplicaIteratorTest {
  private final AtomicInteger fetches = new AtomicInteger();

  /** Samples at {@code times} valued t / 1000, fetched through a counting supplier. */
  private Supplier<SampleIterator> fetch(long... times) {
    XorChunk chunk = new XorChunk();
    ChunkAppender app = chunk.appender();
    for (long t : times) {
      app.append(t, t / 1000.0);
    }
    return () -> {
      fetches.incrementAndGet();
      return chunk.iterator(null);
    };
  }

  @Test
  void firstSampleAndBound_knownWithoutFetching() {
    DeferredReplicaIterator it = new DeferredReplicaIterator(10_000, 40_000, fetch(10_000, 40_000));

    assertThat(it.maxTimeBound()).isEqualTo(40_000);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(10_000);
    assertThat(it.seek(5_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.seek(10_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.readFloats(9_999, new FloatSamples(4))).isEqualTo(ValueType.FLOAT);
    assertThat(fetches).hasValue(0);
    assertThat(it.fetched()).isFalse();
  }

  @Test
  void valueOrNextStep_fetchesOnceAndContinuesFromTheFirstSample() {
    DeferredReplicaIterator it =
        new DeferredReplicaIterator(10_000, 30_000, fetch(10_000, 20_000, 30_000));

    it.next();
    assertThat(it.atFloat()).isEqualTo(10.0);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(20_000);
    FloatSamples out = new FloatSamples(4);
    assertThat(it.readFloats(Long.MAX_VALUE, out)).isEqualTo(ValueType.NONE);
    assertThat(out.size).isEqualTo(2);
    assertThat(out.times[1]).isEqualTo(30_000);
    assertThat(fetches).hasValue(1);
    assertThat(it.fetched()).isTrue();
  }

  @Test
  void seekPastTheFirstSample_fetchesAndSeeksTheSamples() {
    DeferredReplicaIterator it =
        new DeferredReplicaIterator(10_000, 30_000, fetch(10_000, 20_000, 30_000));

    assertThat(it.seek(15_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(20_000);
    assertThat(it.seek(31_000)).isEqualTo(ValueType.NONE);
    assertThat(fetches).hasValue(1);
  }

  @Test
  void samplesGoneBeforeTheFetch_firstReadsAsNaNThenTheIteratorEnds() {
    DeferredReplicaIterator it = new DeferredReplicaIterator(10_000, 30_000, fetch(5_000));

    it.next();
    assertThat(it.atFloat()).isNaN();
    assertThat(it.atT()).isEqualTo(10_000);
    assertThat(it.next()).isEqualTo(ValueType.NONE);
  }
}
