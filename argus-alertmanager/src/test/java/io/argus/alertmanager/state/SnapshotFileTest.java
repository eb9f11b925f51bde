package io.argus.alertmanager.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.tsdb.fs.FileOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
  @TempDir Path dir;
  private final FileOps fs = FileOps.defaults();

  private static byte[] entries(String... values) {
    EntryWriter out = new EntryWriter();
    EntryWriter one = new EntryWriter();
    for (String v : values) {
      one.reset();
      one.writeString(v);
      out.writeDelimited(one);
    }
    return out.toByteArray();
  }

  @Test
  void write_thenReadReturnsTheEntries() throws Exception {
    Path p = dir.resolve("sub/silences");
    byte[] payload = entries("a", "bb", "ccc");
    long size = SnapshotFile.write(fs, p, "silences", 3, payload);
    assertThat(size).isEqualTo(Files.size(p));
    assertThat(SnapshotFile.read(fs, p, "silences")).isEqualTo(payload);
    assertThat(Files.exists(dir.resolve("sub/silences.tmp"))).isFalse();
  }

  @Test
  void read_missingFileIsNull() throws Exception {
    assertThat(SnapshotFile.read(fs, dir.resolve("nflog"), "nflog")).isNull();
  }

  @Test
  void read_emptyStateRoundTrips() throws Exception {
    Path p = dir.resolve("nflog");
    SnapshotFile.write(fs, p, "nflog", 0, new byte[0]);
    assertThat(SnapshotFile.read(fs, p, "nflog")).isEmpty();
  }

  @Test
  void read_flippedByteFailsTheChecksum() throws Exception {
    Path p = dir.resolve("silences");
    SnapshotFile.write(fs, p, "silences", 2, entries("hello", "world"));
    byte[] b = Files.readAllBytes(p);
    b[b.length - 8] ^= 0x10;
    Files.write(p, b);
    assertThatThrownBy(() -> SnapshotFile.read(fs, p, "silences"))
        .isInstanceOf(CorruptStateException.class)
        .hasMessageStartingWith("corrupted silences snapshot " + p + ": checksum mismatch");
  }

  @Test
  void read_truncatedFileIsCorrupt() throws Exception {
    Path p = dir.resolve("silences");
    SnapshotFile.write(fs, p, "silences", 2, entries("hello", "world"));
    byte[] b = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(b, b.length - 3));
    assertThatThrownBy(() -> SnapshotFile.read(fs, p, "silences"))
        .isInstanceOf(CorruptStateException.class)
        .hasMessageContaining("corrupted silences snapshot");
    Files.write(p, new byte[] {'A', 'R'});
    assertThatThrownBy(() -> SnapshotFile.read(fs, p, "silences"))
        .hasMessageEndingWith("file too short (2 bytes)");
  }

  @Test
  void read_rejectsForeignFilesOtherKindsAndVersions() throws Exception {
    Path p = dir.resolve("silences");
    // An upstream Alertmanager snapshot (protobuf) is not ours.
    Files.write(p, new byte[] {0x0a, 0x12, 0x0a, 0x03, 'a', 'b', 'c', 0x12, 0x00, 0x00});
    assertThatThrownBy(() -> SnapshotFile.read(fs, p, "silences"))
        .hasMessageEndingWith("not an Argus state snapshot (bad magic)");

    SnapshotFile.write(fs, p, "nflog", 0, new byte[0]);
    assertThatThrownBy(() -> SnapshotFile.read(fs, p, "silences"))
        .hasMessageEndingWith("snapshot holds nflog, not silences");

    byte[] b = Files.readAllBytes(p);
    b[4] = 9;
    Files.write(p, b);
    assertThatThrownBy(() -> SnapshotFile.read(fs, p, "nflog"))
        .hasMessageEndingWith("unsupported snapshot version 9 (want 1)");
  }

  @Test
  void read_entryCountMismatchIsCorrupt() throws Exception {
    Path p = dir.resolve("nflog");
    SnapshotFile.write(fs, p, "nflog", 5, entries("a"));
    assertThatThrownBy(() -> SnapshotFile.read(fs, p, "nflog"))
        .hasMessageEndingWith("expected 5 entries, found 1");
  }

  @Test
  void entryReader_reportsTruncationWithOffset() {
    EntryWriter w = new EntryWriter();
    w.writeString("hello");
    byte[] b = Arrays.copyOf(w.toByteArray(), 3);
    assertThatThrownBy(() -> new EntryReader(b).readString())
        .isInstanceOf(CorruptStateException.class)
        .hasMessage("invalid length 5 at offset 0");
    assertThatThrownBy(() -> new EntryReader(new byte[] {(byte) 0x80}).readUvarint())
        .hasMessage("unexpected end of data at offset 1");
  }

  @Test
  void entryWriter_roundTripsPrimitives() throws Exception {
    EntryWriter w = new EntryWriter(1);
    w.writeVarint(-1);
    w.writeVarint(Long.MIN_VALUE);
    w.writeUvarint(-1L);
    w.writeBoolean(true);
    w.writeInstant(java.time.Instant.parse("0001-01-01T00:00:00Z"));
    w.writeInstant(java.time.Instant.parse("2026-11-27T04:00:00.123456789Z"));
    w.writeString("héllo 🔥");
    EntryReader r = new EntryReader(w.toByteArray());
    assertThat(r.readVarint()).isEqualTo(-1);
    assertThat(r.readVarint()).isEqualTo(Long.MIN_VALUE);
    assertThat(r.readUvarint()).isEqualTo(-1L);
    assertThat(r.readBoolean()).isTrue();
    assertThat(r.readInstant()).isEqualTo(java.time.Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(r.readInstant())
        .isEqualTo(java.time.Instant.parse("2026-11-27T04:00:00.123456789Z"));
    assertThat(r.readString()).isEqualTo("héllo 🔥");
    assertThat(r.hasRemaining()).isFalse();
  }
}
