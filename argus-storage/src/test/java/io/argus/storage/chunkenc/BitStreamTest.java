package io.argus.storage.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.storage.StorageException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BitStreamTest {
  record Field(long value, int width) {}

  @Test
  void writeBits_msbFirstWithZeroPadding() {
    BitWriter w = new BitWriter(1);
    w.writeBit(true);
    w.writeBits(0b01, 2);
    w.writeBits(0x1FF, 9);
    assertThat(w.bitLength()).isEqualTo(12);
    assertThat(w.byteLength()).isEqualTo(2);
    assertThat(w.bytes()[0] & 0xFF).isEqualTo(0b1011_1111);
    assertThat(w.bytes()[1] & 0xFF).isEqualTo(0b1111_0000);
  }

  @Test
  void writeUvarint_matchesGoEncoding() {
    BitWriter w = new BitWriter(4);
    w.writeUvarint(15000);
    w.writeVarint(1700000000000L);
    byte[] expected = {
      (byte) 0x98, 0x75, (byte) 0x80, (byte) 0xa0, (byte) 0xab, (byte) 0xfe, (byte) 0xf9, 0x62
    };
    assertThat(java.util.Arrays.copyOf(w.bytes(), w.byteLength())).isEqualTo(expected);
  }

  @Test
  void copyConstructor_clearsBitsBeyondLength() {
    byte[] src = {0x00, (byte) 0xFF, (byte) 0xFF};
    BitWriter w = new BitWriter(src, 1, 3, 4);
    w.writeBits(0, 5);
    w.writeBit(true);
    assertThat(w.bytes()[0] & 0xFF).isEqualTo(0b1110_0000);
    assertThat(w.bytes()[1] & 0xFF).isEqualTo(0b1000_0000);
    assertThat(src[2]).isEqualTo((byte) 0xFF);
  }

  @Test
  void readBits_pastEndThrows() {
    BitReader r = new BitReader();
    r.reset(new byte[] {1, 2}, 0, 2);
    r.readBits(10);
    assertThatThrownBy(() -> r.readBits(7))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("unexpected end");
  }

  @Property(tries = 300)
  void readBits_returnsWhatWasWritten(@ForAll("fields") List<Field> fields, @ForAll boolean pad) {
    BitWriter w = new BitWriter(1);
    for (Field f : fields) {
      w.writeBits(f.value(), f.width());
    }
    byte[] buf = w.bytes();
    BitReader r = new BitReader();
    r.reset(buf, 0, pad ? buf.length : w.byteLength());
    for (Field f : fields) {
      long mask = f.width() == 64 ? -1L : (1L << f.width()) - 1;
      assertThat(r.readBits(f.width())).isEqualTo(f.value() & mask);
    }
    assertThat(r.bitPosition()).isEqualTo(w.bitLength());
  }

  @Property(tries = 100)
  void readBits_pastSeveralGrowthSteps_returnsWhatWasWritten(
      @ForAll("manyFields") List<Field> fields) {
    BitWriter w = new BitWriter(16);
    for (Field f : fields) {
      w.writeBits(f.value(), f.width());
    }
    BitReader r = new BitReader();
    r.reset(w.bytes(), 0, w.byteLength());
    for (Field f : fields) {
      long mask = f.width() == 64 ? -1L : (1L << f.width()) - 1;
      assertThat(r.readBits(f.width())).isEqualTo(f.value() & mask);
    }
    assertThat(w.bytes().length).isGreaterThanOrEqualTo(w.byteLength());
  }

  @Test
  void writeBits_headChunkSizedStream_growsToOneKibibyteExactly() {
    BitWriter w = new BitWriter(32);
    for (int i = 0; i < 1000; i++) {
      w.writeBits(i, 8);
    }

    assertThat(w.bytes()).hasSize(1024);
    w.writeBits(0, 64);
    w.writeBits(0, 64);
    w.writeBits(0, 64);
    w.writeBits(0, 64);
    assertThat(w.bytes()).hasSize(1536);
  }

  @Provide
  Arbitrary<List<Field>> manyFields() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(1, 64))
        .as(Field::new)
        .list()
        .ofMaxSize(400);
  }

  @Provide
  Arbitrary<List<Field>> fields() {
    Arbitrary<Field> field =
        Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(1, 64))
            .as(Field::new);
    return field.list().ofMaxSize(60);
  }
}
