package io.argus.tsdb.block;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.fs.AtomicFiles;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@code meta.json}. Writing produces exactly Prometheus' bytes (Go's {@code
 * MarshalIndent} with tabs, no trailing newline) and is atomic: {@code meta.json.tmp} is written,
 * synced and renamed, then the directory is synced. Reading accepts any JSON formatting. Stateless
 * and thread-safe.
 */
public final class BlockMetas {
  /** The file name inside a block directory. */
  public static final String META_FILENAME = "meta.json";

  private static final Set<String> KNOWN_FIELDS =
      Set.of("ulid", "minTime", "maxTime", "stats", "compaction", "version");
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private BlockMetas() {}

  /**
   * Reads {@code blockDir/meta.json}.
   *
   * @throws CorruptionException when the file is not valid JSON, lacks a valid ULID, or its version
   *     is not 1 ({@code unexpected meta file version 2})
   * @throws IOException when the file cannot be read
   */
  public static BlockMeta read(FileOps fs, Path blockDir) throws IOException {
    Path path = blockDir.resolve(META_FILENAME);
    return parse(fs.readAllBytes(path), path.toString());
  }

  /** Parses the bytes of a meta file; {@code source} names it in error messages. */
  public static BlockMeta parse(byte[] json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new CorruptionException("read meta " + source + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new CorruptionException("read meta " + source + ": not a JSON object");
    }
    int version = root.path("version").asInt(0);
    if (version != BlockMeta.VERSION_1) {
      throw new CorruptionException("unexpected meta file version " + version);
    }
    Ulid ulid = ulid(root.path("ulid"), source);
    JsonNode st = root.path("stats");
    BlockMeta.Stats stats =
        new BlockMeta.Stats(
            st.path("numSamples").asLong(),
            st.path("numFloatSamples").asLong(),
            st.path("numHistogramSamples").asLong(),
            st.path("numSeries").asLong(),
            st.path("numChunks").asLong(),
            st.path("numTombstones").asLong());
    JsonNode c = root.path("compaction");
    List<Ulid> sources = new ArrayList<>();
    for (JsonNode s : c.path("sources")) {
      sources.add(ulid(s, source));
    }
    List<BlockMeta.BlockDesc> parents = new ArrayList<>();
    for (JsonNode p : c.path("parents")) {
      parents.add(
          new BlockMeta.BlockDesc(
              ulid(p.path("ulid"), source),
              p.path("minTime").asLong(),
              p.path("maxTime").asLong()));
    }
    List<String> hints = new ArrayList<>();
    for (JsonNode h : c.path("hints")) {
      hints.add(h.asText());
    }
    BlockMeta.Compaction compaction =
        new BlockMeta.Compaction(
            c.path("level").asInt(),
            sources,
            parents,
            c.path("deletable").asBoolean(false),
            c.path("failed").asBoolean(false),
            hints);
    Map<String, JsonNode> unknown = new LinkedHashMap<>();
    root.properties()
        .forEach(
            e -> {
              if (!KNOWN_FIELDS.contains(e.getKey())) {
                unknown.put(e.getKey(), e.getValue());
              }
            });
    return new BlockMeta(
        ulid,
        root.path("minTime").asLong(),
        root.path("maxTime").asLong(),
        stats,
        compaction,
        version,
        unknown);
  }

  private static Ulid ulid(JsonNode n, String source) {
    if (!n.isTextual()) {
      throw new CorruptionException("read meta " + source + ": missing or non-string ulid");
    }
    try {
      return Ulid.parse(n.textValue());
    } catch (IllegalArgumentException e) {
      throw new CorruptionException("read meta " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code meta} to {@code blockDir/meta.json} atomically and durably.
   *
   * @return the number of bytes written
   */
  public static int write(FileOps fs, Path blockDir, BlockMeta meta) throws IOException {
    byte[] bytes = toJson(meta).getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(fs, blockDir.resolve(META_FILENAME), bytes);
    return bytes.length;
  }

  /** Returns the exact text Prometheus would write for {@code meta}. */
  public static String toJson(BlockMeta meta) {
    ObjectNode root = NODES.objectNode();
    root.put("ulid", meta.ulid().toString());
    root.put("minTime", meta.minTime());
    root.put("maxTime", meta.maxTime());
    ObjectNode stats = root.putObject("stats");
    BlockMeta.Stats s = meta.stats();
    putNonZero(stats, "numSamples", s.numSamples());
    putNonZero(stats, "numFloatSamples", s.numFloatSamples());
    putNonZero(stats, "numHistogramSamples", s.numHistogramSamples());
    putNonZero(stats, "numSeries", s.numSeries());
    putNonZero(stats, "numChunks", s.numChunks());
    putNonZero(stats, "numTombstones", s.numTombstones());
    ObjectNode comp = root.putObject("compaction");
    BlockMeta.Compaction c = meta.compaction();
    comp.put("level", c.level());
    if (!c.sources().isEmpty()) {
      ArrayNode a = comp.putArray("sources");
      c.sources().forEach(u -> a.add(u.toString()));
    }
    if (!c.parents().isEmpty()) {
      ArrayNode a = comp.putArray("parents");
      for (BlockMeta.BlockDesc p : c.parents()) {
        a.addObject()
            .put("ulid", p.ulid().toString())
            .put("minTime", p.minTime())
            .put("maxTime", p.maxTime());
      }
    }
    if (c.deletable()) {
      comp.put("deletable", true);
    }
    if (c.failed()) {
      comp.put("failed", true);
    }
    if (!c.hints().isEmpty()) {
      ArrayNode a = comp.putArray("hints");
      c.hints().forEach(a::add);
    }
    root.put("version", meta.version());
    meta.unknownFields().forEach(root::set);
    return GoJsonWriter.write(root);
  }

  private static void putNonZero(ObjectNode n, String key, long v) {
    if (v != 0) {
      n.put(key, v);
    }
  }

  /** Exposed for tests of foreign sections: parses a JSON text into a tree. */
  static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
