package io.argus.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockDirsTest {
  private static final String ID = "01M8CZ7T5ZJ407XXGJFF1RGFF5";

  @Test
  void isBlockDir_onlyStrictUlids() {
    assertThat(BlockDirs.isBlockDir(ID)).isTrue();
    assertThat(BlockDirs.isBlockDir(ID.toLowerCase())).isTrue();
    assertThat(BlockDirs.isBlockDir(ID + ".tmp")).isFalse();
    assertThat(BlockDirs.isBlockDir("wal")).isFalse();
    assertThat(BlockDirs.isBlockDir("chunks_head")).isFalse();
  }

  @Test
  void isTmpDir_recognisesAllSuffixes() {
    assertThat(BlockDirs.isTmpDir(ID + ".tmp-for-creation")).isTrue();
    assertThat(BlockDirs.isTmpDir(ID + ".tmp-for-deletion")).isTrue();
    assertThat(BlockDirs.isTmpDir(ID + ".tmp")).isTrue();
    assertThat(BlockDirs.isTmpDir("checkpoint.00000012.tmp")).isTrue();
    assertThat(BlockDirs.isTmpDir("chunk_snapshot.000001.0000000042.tmp")).isTrue();
    assertThat(BlockDirs.isTmpDir(ID)).isFalse();
    assertThat(BlockDirs.isTmpDir("foo.tmp")).isFalse();
    assertThat(BlockDirs.isTmpDir(ID + ".tmp-for-something")).isFalse();
    assertThat(BlockDirs.creationDirName(Ulid.parse(ID))).isEqualTo(ID + ".tmp-for-creation");
    assertThat(BlockDirs.deletionDirName(Ulid.parse(ID))).isEqualTo(ID + ".tmp-for-deletion");
  }

  @Test
  void removeTmpDirs_deletesOnlyLeftovers(@TempDir Path data) throws IOException {
    Files.createDirectories(data.resolve(ID).resolve("chunks"));
    Files.createDirectories(data.resolve(ID + ".tmp-for-creation").resolve("chunks"));
    Files.writeString(data.resolve(ID + ".tmp-for-creation").resolve("chunks/000001"), "x");
    Files.createDirectories(data.resolve("01M8CZ7T5ZJ407XXGJFF1RGFF6.tmp-for-deletion"));
    Files.createDirectories(data.resolve("wal"));
    Files.writeString(data.resolve("01M8CZ7T5ZJ407XXGJFF1RGFF7.tmp"), "a file, not a dir");

    FileOps fs = FileOps.defaults();
    assertThat(BlockDirs.listBlockDirs(fs, data)).containsExactly(data.resolve(ID));
    assertThat(BlockDirs.removeTmpDirs(fs, data)).hasSize(2);
    assertThat(fs.list(data)).containsExactly(ID, "01M8CZ7T5ZJ407XXGJFF1RGFF7.tmp", "wal");
  }
}
