package io.argus.tsdb.block;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of a block's {@code meta.json} (storage-formats.md §2.2). Times are Unix ms; the
 * block covers the half-open range {@code [minTime, maxTime)}. Top-level keys this class does not
 * model (Thanos' {@code thanos} section, Cortex/Mimir additions) are kept verbatim in {@code
 * unknownFields}, in file order, so that rewriting a foreign meta file loses nothing. Immutable;
 * the JSON trees are copied in and out.
 *
 * @param version the meta file format version; always 1 for files we accept or write
 */
public record BlockMeta(
    Ulid ulid,
    long minTime,
    long maxTime,
    Stats stats,
    Compaction compaction,
    int version,
    Map<String, JsonNode> unknownFields) {

  /** The only meta file version Prometheus reads and writes. */
  public static final int VERSION_1 = 1;

  public BlockMeta {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    unknownFields.forEach((k, v) -> copy.put(k, v.deepCopy()));
    unknownFields = Collections.unmodifiableMap(copy);
  }

  /** A version-1 meta without unknown fields. */
  public BlockMeta(Ulid ulid, long minTime, long maxTime, Stats stats, Compaction compaction) {
    this(ulid, minTime, maxTime, stats, compaction, VERSION_1, Map.of());
  }

  /** Returns a deep copy of the preserved top-level fields (the trees are mutable). */
  @Override
  public Map<String, JsonNode> unknownFields() {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    unknownFields.forEach((k, v) -> copy.put(k, v.deepCopy()));
    return Collections.unmodifiableMap(copy);
  }

  /** Returns a copy of the {@code thanos} section, if present. */
  public Optional<JsonNode> thanos() {
    JsonNode n = unknownFields.get("thanos");
    return n == null ? Optional.empty() : Optional.of(n.deepCopy());
  }

  /** Returns this meta with other stats. */
  public BlockMeta withStats(Stats s) {
    return new BlockMeta(ulid, minTime, maxTime, s, compaction, version, unknownFields);
  }

  /** Returns this meta with other compaction information. */
  public BlockMeta withCompaction(Compaction c) {
    return new BlockMeta(ulid, minTime, maxTime, stats, c, version, unknownFields);
  }

  /**
   * Block statistics; all counts are non-negative. {@code numSamples} counts floats and histograms
   * together.
   */
  public record Stats(
      long numSamples,
      long numFloatSamples,
      long numHistogramSamples,
      long numSeries,
      long numChunks,
      long numTombstones) {
    public static final Stats EMPTY = new Stats(0, 0, 0, 0, 0, 0);
  }

  /**
   * How the block came to be.
   *
   * @param level 1 for a block cut from the head, else max(level of inputs) + 1
   * @param sources the level-1 blocks whose data this block holds, sorted ascending
   * @param parents the direct inputs of the compaction that produced the block, in input order
   * @param deletable set on inputs whose compaction produced no samples
   * @param failed set on blocks whose compaction failed
   * @param hints sorted markers such as {@code from-out-of-order}
   */
  public record Compaction(
      int level,
      List<Ulid> sources,
      List<BlockDesc> parents,
      boolean deletable,
      boolean failed,
      List<String> hints) {
    public Compaction {
      sources = List.copyOf(sources);
      parents = List.copyOf(parents);
      hints = List.copyOf(hints);
    }

    /** The compaction section of a new level-1 block, which lists itself as its only source. */
    public static Compaction level1(Ulid self) {
      return new Compaction(1, List.of(self), List.of(), false, false, List.of());
    }
  }

  /** A compaction input: its ID and half-open time range in Unix ms. */
  public record BlockDesc(Ulid ulid, long minTime, long maxTime) {}
}
