package io.argus.tsdb.tombstones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.testkit.SharedTestData;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.fs.FaultyFileOps;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TombstonesFileTest {
  private static final FileOps FS = FileOps.defaults();

  @Test
  void write_emptyIsNineBytesEqualToSampleBlock(@TempDir Path dir) throws IOException {
    TombstonesFile.write(FS, dir, new MemTombstones());
    byte[] written = Files.readAllBytes(dir.resolve("tombstones"));
    assertThat(HexFormat.of().formatHex(written)).isEqualTo("0130ba300100000000");
    assertThat(dir.resolve("tombstones.tmp")).doesNotExist();

    Path sample = SharedTestData.sampleBlock().resolve("tombstones");
    assertThat(written).isEqualTo(Files.readAllBytes(sample));
    assertThat(TombstonesFile.read(FS, sample.getParent()).total()).isZero();
  }

  @Test
  void write_tmpFileSyncedRenamedAndDirectorySynced(@TempDir Path dir) throws IOException {
    FaultyFileOps fs = new FaultyFileOps().recordOpsRelativeTo(dir);
    MemTombstones t = new MemTombstones();
    t.addInterval(1, new Interval(5, 6));
    TombstonesFile.write(fs, dir, t);
    assertThat(fs.ops())
        .containsExactly(
            "create tombstones.tmp",
            "sync tombstones.tmp",
            "close tombstones.tmp",
            "rename tombstones.tmp tombstones",
            "syncDirectory ");
    assertThat(TombstonesFile.read(fs, dir).get(1)).containsExactly(new Interval(5, 6));
  }

  @Test
  void read_missingFileIsEmpty(@TempDir Path dir) throws IOException {
    assertThat(TombstonesFile.read(FS, dir).total()).isZero();
  }

  @Test
  void encode_knownEntryBytes() {
    MemTombstones t = new MemTombstones();
    t.addInterval(3, new Interval(-1, 1));
    // magic, version, uv 3, v -1 (=1), v 1 (=2), crc32c(03 01 02)
    byte[] b = TombstonesFile.encode(t);
    assertThat(HexFormat.of().formatHex(b, 0, 8)).isEqualTo("0130ba3001030102");
    assertThat(TombstonesFile.decode(b).get(3)).containsExactly(new Interval(-1, 1));
  }

  @Test
  void read_corruptCrcRejected(@TempDir Path dir) throws IOException {
    MemTombstones t = new MemTombstones();
    t.addInterval(16, new Interval(100, 200));
    TombstonesFile.write(FS, dir, t);
    Path f = dir.resolve("tombstones");
    byte[] b = Files.readAllBytes(f);
    b[6] ^= 1;
    Files.write(f, b);
    assertThatThrownBy(() -> TombstonesFile.read(FS, dir))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void decode_badHeaderRejected() {
    assertThatThrownBy(() -> TombstonesFile.decode(HexFormat.of().parseHex("0130ba3001")))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("invalid size");
    assertThatThrownBy(
            () -> TombstonesFile.decode(HexFormat.of().parseHex("0130ba3101000000" + "00")))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("invalid magic number 130ba31");
    assertThatThrownBy(
            () -> TombstonesFile.decode(HexFormat.of().parseHex("0130ba3002000000" + "00")))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void decode_truncatedEntryRejected() {
    // entry "03 01" lacks maxt; CRC over those two bytes is correct, so decoding must notice.
    byte[] body = {3, 1};
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(body);
    int c = (int) crc.getValue();
    byte[] b = {
      1,
      0x30,
      (byte) 0xba,
      0x30,
      1,
      3,
      1,
      (byte) (c >>> 24),
      (byte) (c >>> 16),
      (byte) (c >>> 8),
      (byte) c
    };
    assertThatThrownBy(() -> TombstonesFile.decode(b)).isInstanceOf(CorruptionException.class);
  }

  @Provide
  Arbitrary<Map<Long, List<Interval>>> tombstones() {
    Arbitrary<Interval> itv =
        Combinators.combine(
                Arbitraries.longs().between(-1_000_000_000_000L, 2_000_000_000_000L),
                Arbitraries.longs().between(0, 1_000_000))
            .as((a, len) -> new Interval(a, a + len));
    return Arbitraries.maps(
            Arbitraries.longs().between(0, Long.MAX_VALUE), itv.list().ofMinSize(1).ofMaxSize(4))
        .ofMaxSize(20);
  }

  @Property(tries = 200)
  void encodeDecode_roundTrip(@ForAll("tombstones") Map<Long, List<Interval>> input) {
    MemTombstones t = new MemTombstones();
    input.forEach((ref, itvs) -> t.addInterval(ref, itvs.toArray(Interval[]::new)));
    MemTombstones back = TombstonesFile.decode(TombstonesFile.encode(t));
    Map<Long, List<Interval>> want = new HashMap<>();
    t.forEach(want::put);
    Map<Long, List<Interval>> got = new HashMap<>();
    back.forEach(got::put);
    assertThat(got).isEqualTo(want);
    assertThat(back.total()).isEqualTo(t.total());
  }
}
