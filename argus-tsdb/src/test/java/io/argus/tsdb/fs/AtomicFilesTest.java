package io.argus.tsdb.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void write_replacesTargetThroughSyncedTmpAndSyncsDirectory(@TempDir Path dir)
      throws IOException {
    Files.write(dir.resolve("f"), bytes("old"));
    FaultyFileOps fs = new FaultyFileOps().recordOpsRelativeTo(dir);
    AtomicFiles.write(fs, dir.resolve("f"), bytes("new"));
    assertThat(fs.ops())
        .containsExactly(
            "create f.tmp", "sync f.tmp", "close f.tmp", "rename f.tmp f", "syncDirectory ");
    assertThat(dir.resolve("f")).hasContent("new");
    assertThat(dir.resolve("f.tmp")).doesNotExist();
  }

  @Test
  void write_failedSyncKeepsOldFileAndRemovesTmp(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("f"), bytes("old"));
    FaultyFileOps fs = new FaultyFileOps().failNthSync(1);
    assertThatThrownBy(() -> AtomicFiles.write(fs, dir.resolve("f"), bytes("new")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("injected");
    assertThat(dir.resolve("f")).hasContent("old");
    assertThat(dir.resolve("f.tmp")).doesNotExist();
  }
}
