package io.argus.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.storage.StorageException;
import io.argus.tsdb.fs.FileOps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

/** Hand-made segments that exercise each reader rule. */
class WalReaderTest {
  @TempDir Path dir;
  private final FileOps ops = FileOps.defaults();

  private static byte[] fragment(int header, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return ByteBuffer.allocate(7 + payload.length)
        .put((byte) header)
        .putShort((short) payload.length)
        .putInt((int) crc.getValue())
        .put(payload)
        .array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static final byte[] OK = fragment(1, new byte[] {1, 2});

  static Stream<Arguments> corruptSegments() {
    byte[] badPadding = new byte[Wal.PAGE_SIZE - OK.length];
    badPadding[100] = 1;
    return Stream.of(
        Arguments.of(
            "unknown fragment type",
            concat(OK, fragment(5, new byte[] {1})),
            "unexpected record type 5"),
        Arguments.of(
            "middle without first",
            concat(OK, fragment(3, new byte[] {1})),
            "unexpected middle record"),
        Arguments.of(
            "last without first",
            concat(OK, fragment(4, new byte[] {1})),
            "unexpected last record"),
        Arguments.of(
            "full after first",
            concat(OK, fragment(2, new byte[] {1}), fragment(1, new byte[] {1})),
            "unexpected full record"),
        Arguments.of(
            "length above page",
            concat(OK, new byte[] {1, (byte) 0x80, 0, 0, 0, 0, 0}),
            "invalid record size 32768"),
        Arguments.of(
            "header cut off",
            concat(OK, new byte[] {1, 0, 1}),
            "unexpected end of segment in fragment header"),
        Arguments.of(
            "non-zero padding", concat(OK, badPadding), "unexpected non-zero byte in padded page"),
        Arguments.of(
            "bad checksum",
            concat(OK, flipLastByte(fragment(1, new byte[] {1, 2, 3}))),
            "unexpected checksum"),
        Arguments.of(
            "undecodable snappy",
            concat(OK, fragment(0x09, new byte[] {(byte) 0xff})),
            "decode snappy"),
        Arguments.of(
            "first fragment then end",
            concat(OK, fragment(2, new byte[] {1})),
            "last record is torn"));
  }

  private static byte[] flipLastByte(byte[] b) {
    b[b.length - 1] ^= 1;
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptSegments")
  void next_corruptSegment_reportsRecordAfterTheGoodOne(String name, byte[] segment, String reason)
      throws IOException {
    Files.write(dir.resolve("00000003"), segment);

    try (WalReader r = WalReader.open(ops, dir)) {
      assertThat(r.next()).isTrue();
      assertThat(r.record()).containsExactly(1, 2);

      assertThatThrownBy(r::next)
          .isInstanceOfSatisfying(
              WalCorruptionException.class,
              e -> {
                assertThat(e.segment()).isEqualTo(3);
                assertThat(e.offset()).isEqualTo(OK.length);
              })
          .hasMessageContaining(reason);
      assertThatThrownBy(r::next).as("stays failed").isInstanceOf(WalCorruptionException.class);
    }
  }

  @Test
  void next_zstdRecord_isUnsupportedNotCorrupt() throws IOException {
    Files.write(dir.resolve("00000000"), fragment(0x11, new byte[] {1, 2, 3}));

    try (WalReader r = WalReader.open(ops, dir)) {
      assertThatThrownBy(r::next)
          .isInstanceOf(StorageException.class)
          .isNotInstanceOf(WalCorruptionException.class)
          .hasMessageContaining("zstd");
    }
  }

  @Test
  void next_snappyFragmentsAcrossPages_decompressed() throws IOException {
    byte[] record = new byte[100_000];
    for (int i = 0; i < record.length; i++) {
      record[i] = (byte) (i * 31 % 251);
    }
    byte[] compressed = Snappy.compress(record);
    int split = compressed.length / 2;
    byte[] first = Arrays.copyOfRange(compressed, 0, split);
    byte[] last = Arrays.copyOfRange(compressed, split, compressed.length);
    Files.write(dir.resolve("00000000"), concat(fragment(0x0a, first), fragment(0x0c, last)));

    assertThat(WalTesting.readAll(ops, dir)).containsExactly(record);
  }

  @Test
  void next_paddingCutBeforePageEnd_endsCleanly() throws IOException {
    Files.write(dir.resolve("00000000"), concat(OK, new byte[100]));
    Files.write(dir.resolve("00000001"), OK);

    assertThat(WalTesting.readAll(ops, dir)).hasSize(2);
  }

  @Test
  void replay_readsCheckpointThenLaterSegments() throws IOException {
    Path cp = Files.createDirectories(dir.resolve("checkpoint.00000001"));
    Files.write(cp.resolve("00000000"), fragment(1, new byte[] {10}));
    Files.write(dir.resolve("00000001"), fragment(1, new byte[] {11}));
    Files.write(dir.resolve("00000002"), fragment(1, new byte[] {12}));

    List<Byte> got = new ArrayList<>();
    try (WalReader r = WalReader.replay(ops, dir)) {
      while (r.next()) {
        got.add(r.record()[0]);
      }
    }

    assertThat(got).containsExactly((byte) 10, (byte) 12);
  }
}
