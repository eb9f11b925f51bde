package io.argus.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.testkit.SharedTestData;
import io.argus.tsdb.block.BlockMeta.Compaction;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.fs.FaultyFileOps;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockMetasTest {
  private static final FileOps FS = FileOps.defaults();
  private static final Ulid A = Ulid.parse("01M8CZ7T5ZJ407XXGJFF1RGFF5");
  private static final Ulid B = Ulid.parse("01M8CZ7T5ZJ407XXGJFF1RGFF6");

  private static final String THANOS =
      """
      {
      \t"labels": {
      \t\t"cluster": "eu<1>",
      \t\t"replica": "a"
      \t},
      \t"downsample": {
      \t\t"resolution": 0
      \t},
      \t"source": "sidecar",
      \t"segment_files": [
      \t\t"000001"
      \t],
      \t"files": [
      \t\t{
      \t\t\t"rel_path": "chunks/000001",
      \t\t\t"size_bytes": 103
      \t\t},
      \t\t{
      \t\t\t"rel_path": "meta.json"
      \t\t}
      \t],
      \t"index_stats": {},
      \t"extensions": [],
      \t"upload_time": "2026-11-26T22:20:00.123456789Z"
      }\
      """;

  @Test
  void write_sampleMetaGivesPromtoolBytes(@TempDir Path tmp) throws IOException {
    Path sample = SharedTestData.sampleBlock();
    byte[] want = Files.readAllBytes(sample.resolve("meta.json"));
    BlockMeta meta = BlockMetas.read(FS, sample);

    assertThat(meta.ulid()).isEqualTo(A);
    assertThat(meta.minTime()).isEqualTo(1700000000000L);
    assertThat(meta.maxTime()).isEqualTo(1700000136001L);
    assertThat(meta.stats()).isEqualTo(new BlockMeta.Stats(13, 0, 0, 3, 3, 0));
    assertThat(meta.compaction()).isEqualTo(BlockMeta.Compaction.level1(A));

    BlockMeta built =
        new BlockMeta(
            A,
            1700000000000L,
            1700000136001L,
            new BlockMeta.Stats(13, 0, 0, 3, 3, 0),
            BlockMeta.Compaction.level1(A));
    BlockMetas.write(FS, tmp, built);
    assertThat(Files.readAllBytes(tmp.resolve("meta.json"))).isEqualTo(want);
    assertThat(tmp.resolve("meta.json.tmp")).doesNotExist();
  }

  @Test
  void write_tmpFileSyncedRenamedAndDirectorySynced(@TempDir Path dir) throws IOException {
    FaultyFileOps fs = new FaultyFileOps().recordOpsRelativeTo(dir.getParent());
    String block = dir.getFileName().toString();
    BlockMetas.write(fs, dir, new BlockMeta(A, 0, 1, BlockMeta.Stats.EMPTY, Compaction.level1(A)));
    assertThat(fs.ops())
        .containsExactly(
            "create " + block + "/meta.json.tmp",
            "sync " + block + "/meta.json.tmp",
            "close " + block + "/meta.json.tmp",
            "rename " + block + "/meta.json.tmp " + block + "/meta.json",
            "syncDirectory " + block);
  }

  @Test
  void write_failedRenameRemovesTmpAndKeepsOldFile(@TempDir Path dir) throws IOException {
    FaultyFileOps fs = new FaultyFileOps().recordOpsRelativeTo(dir);
    BlockMetas.write(fs, dir, new BlockMeta(A, 0, 1, BlockMeta.Stats.EMPTY, Compaction.level1(A)));
    fs.failNextRename();
    assertThatThrownBy(
            () ->
                BlockMetas.write(
                    fs, dir, new BlockMeta(B, 0, 1, BlockMeta.Stats.EMPTY, Compaction.level1(B))))
        .isInstanceOf(IOException.class);
    assertThat(dir.resolve("meta.json.tmp")).doesNotExist();
    assertThat(BlockMetas.read(fs, dir).ulid()).isEqualTo(A);
  }

  @Test
  void toJson_allFieldsInPrometheusOrder() {
    BlockMeta meta =
        new BlockMeta(
            B,
            -5,
            10,
            new BlockMeta.Stats(1, 2, 3, 4, 5, 6),
            new BlockMeta.Compaction(
                3,
                List.of(A, B),
                List.of(new BlockMeta.BlockDesc(A, 0, 5), new BlockMeta.BlockDesc(B, 5, 10)),
                true,
                true,
                List.of("from-out-of-order")));
    assertThat(BlockMetas.toJson(meta))
        .isEqualTo(
            """
            {
            \t"ulid": "01M8CZ7T5ZJ407XXGJFF1RGFF6",
            \t"minTime": -5,
            \t"maxTime": 10,
            \t"stats": {
            \t\t"numSamples": 1,
            \t\t"numFloatSamples": 2,
            \t\t"numHistogramSamples": 3,
            \t\t"numSeries": 4,
            \t\t"numChunks": 5,
            \t\t"numTombstones": 6
            \t},
            \t"compaction": {
            \t\t"level": 3,
            \t\t"sources": [
            \t\t\t"01M8CZ7T5ZJ407XXGJFF1RGFF5",
            \t\t\t"01M8CZ7T5ZJ407XXGJFF1RGFF6"
            \t\t],
            \t\t"parents": [
            \t\t\t{
            \t\t\t\t"ulid": "01M8CZ7T5ZJ407XXGJFF1RGFF5",
            \t\t\t\t"minTime": 0,
            \t\t\t\t"maxTime": 5
            \t\t\t},
            \t\t\t{
            \t\t\t\t"ulid": "01M8CZ7T5ZJ407XXGJFF1RGFF6",
            \t\t\t\t"minTime": 5,
            \t\t\t\t"maxTime": 10
            \t\t\t}
            \t\t],
            \t\t"deletable": true,
            \t\t"failed": true,
            \t\t"hints": [
            \t\t\t"from-out-of-order"
            \t\t]
            \t},
            \t"version": 1
            }\
            """);
  }

  @Test
  void toJson_emptyStatsAndCompactionStayAsObjects() {
    BlockMeta meta =
        new BlockMeta(
            A,
            0,
            1,
            BlockMeta.Stats.EMPTY,
            new BlockMeta.Compaction(0, List.of(), List.of(), false, false, List.of()));
    assertThat(BlockMetas.toJson(meta))
        .contains("\t\"stats\": {},\n")
        .contains("\t\"compaction\": {\n\t\t\"level\": 0\n\t},\n");
  }

  @Test
  void roundTrip_thanosSectionPreservedVerbatim(@TempDir Path dir) throws IOException {
    String json =
        "{\"thanos\": "
            + THANOS
            + ", \"version\": 1, \"ulid\": \"01M8CZ7T5ZJ407XXGJFF1RGFF5\", \"minTime\": 1,"
            + " \"maxTime\": 2, \"cortex\": {\"x\": 1.5}, \"compaction\": {\"level\": 1}}\n";
    Files.writeString(dir.resolve("meta.json"), json);

    BlockMeta meta = BlockMetas.read(FS, dir);
    assertThat(meta.unknownFields().keySet()).containsExactly("thanos", "cortex");
    assertThat(meta.thanos()).isPresent();
    assertThat(meta.thanos().orElseThrow().path("labels").path("replica").asText()).isEqualTo("a");

    BlockMetas.write(FS, dir, meta);
    String written = Files.readString(dir.resolve("meta.json"));
    assertThat(written)
        .contains(
            "\t\"version\": 1,\n\t\"thanos\": "
                + THANOS.replace("\n", "\n\t").replace("<", "\\u003c").replace(">", "\\u003e")
                + ",\n")
        .contains("\\u003c1\\u003e")
        .endsWith("\t\"cortex\": {\n\t\t\"x\": 1.5\n\t}\n}");
    assertThat(BlockMetas.read(FS, dir)).isEqualTo(meta);
  }

  @Test
  void read_compactFormattingAccepted() {
    BlockMeta meta =
        BlockMetas.parse(
            ("{\"ulid\":\"01M8CZ7T5ZJ407XXGJFF1RGFF5\",\"minTime\":3,\"maxTime\":4,"
                    + "\"stats\":{\"numSamples\":7},\"compaction\":{\"level\":2,\"sources\":"
                    + "[\"01M8CZ7T5ZJ407XXGJFF1RGFF5\"],\"deletable\":true},\"version\":1}")
                .getBytes(StandardCharsets.UTF_8),
            "test");
    assertThat(meta.stats().numSamples()).isEqualTo(7);
    assertThat(meta.compaction().level()).isEqualTo(2);
    assertThat(meta.compaction().deletable()).isTrue();
    assertThat(meta.unknownFields()).isEmpty();
  }

  @Test
  void read_version2Rejected(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("meta.json"),
        "{\"ulid\":\"01M8CZ7T5ZJ407XXGJFF1RGFF5\",\"minTime\":0,\"maxTime\":1,\"version\":2}");
    assertThatThrownBy(() -> BlockMetas.read(FS, dir))
        .isInstanceOf(CorruptionException.class)
        .hasMessage("unexpected meta file version 2");
  }

  @Test
  void read_badUlidAndBadJsonRejected() {
    assertThatThrownBy(
            () ->
                BlockMetas.parse(
                    "{\"ulid\":\"01M8CZ7T5ZJ407XXGJFF1RGFFI\",\"version\":1}".getBytes(), "m"))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("bad data characters");
    assertThatThrownBy(() -> BlockMetas.parse("{\"ulid\":".getBytes(), "m"))
        .isInstanceOf(CorruptionException.class);
  }

  @Test
  void unknownFields_isDefensiveCopy() {
    BlockMeta meta =
        BlockMetas.parse(
            "{\"ulid\":\"01M8CZ7T5ZJ407XXGJFF1RGFF5\",\"version\":1,\"thanos\":{\"a\":1}}"
                .getBytes(),
            "m");
    ((com.fasterxml.jackson.databind.node.ObjectNode) meta.unknownFields().get("thanos"))
        .put("a", 2);
    assertThat(meta.thanos().orElseThrow().path("a").asInt()).isEqualTo(1);
    assertThat(meta.unknownFields()).isEqualTo(Map.of("thanos", BlockMetas.tree("{\"a\":1}")));
  }
}
