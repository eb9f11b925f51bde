package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Murmur3Hash128Test {
  /**
   * SMHasher's verification test, whose expected value the reference implementation publishes: keys
   * {0}, {0,1}, ... {0..254} and the empty key, each hashed with seed 256 minus its length, the 256
   * hashes concatenated and hashed with seed 0; the first four bytes, little-endian.
   */
  @Test
  void hash_matchesTheReferenceVerificationValue() {
    Murmur3Hash128 h = new Murmur3Hash128();
    byte[] key = new byte[256];
    ByteBuffer hashes = ByteBuffer.allocate(16 * 256).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 256; i++) {
      key[i] = (byte) i;
      h.hash(key, 0, i, 256 - i);
      hashes.putLong(h.lo).putLong(h.hi);
    }
    h.hash(hashes.array(), 0, hashes.capacity(), 0);

    assertThat((int) h.lo).isEqualTo(0x6384BA69);
  }

  @Test
  void hash_dependsOnlyOnTheRangeAndTheSeed() {
    Murmur3Hash128 h = new Murmur3Hash128();
    byte[] a =
        "xx node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} yy".getBytes(StandardCharsets.UTF_8);
    byte[] b = "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}".getBytes(StandardCharsets.UTF_8);
    h.hash(a, 3, 3 + b.length, 42);
    long lo = h.lo;
    long hi = h.hi;

    h.hash(b, 0, b.length, 42);
    assertThat(h.lo).isEqualTo(lo);
    assertThat(h.hi).isEqualTo(hi);

    h.hash(b, 0, b.length, 43);
    assertThat(h.lo).isNotEqualTo(lo);
    assertThat(h.hi).isNotEqualTo(hi);
  }

  @Test
  void hash_similarSeriesTexts_giveDistinctHalves() {
    Murmur3Hash128 h = new Murmur3Hash128();
    Set<Long> los = new HashSet<>();
    Set<Long> his = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      byte[] text = ("m{cpu=\"" + i + "\"}").getBytes(StandardCharsets.UTF_8);
      h.hash(text, 0, text.length, 7);
      los.add(h.lo);
      his.add(h.hi);
    }
    assertThat(los).hasSize(100_000);
    assertThat(his).hasSize(100_000);
  }
}
