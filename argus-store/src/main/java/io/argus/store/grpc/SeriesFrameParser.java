package io.argus.store.grpc;

import io.argus.remote.proto.ProtoException;
import io.argus.remote.proto.ProtoReader;
import io.argus.remote.proto.WireType;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.store.SampleBoundsSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Parses one Thanos {@code storepb.SeriesResponse} frame straight into the series the reader needs,
 * without protobuf message objects: labels become {@link io.argus.model.labels.Labels}, and each
 * raw XOR chunk a {@link XorChunk} over its range of the frame array (no copy). The frame array
 * must not be modified afterwards.
 *
 * <p>The answer to a {@link io.argus.store.SeriesRequest#sampleBounds() sample-bounds} request is
 * parsed with {@code sampleBounds} set: a series whose chunks are exactly one chunk without data
 * (no raw chunk, no aggregate) becomes a {@link SampleBoundsSeries} of that chunk's min and max
 * time, and chunks without data are not counted as left out; a bounds chunk whose max time is
 * before its min time is invalid like a short XOR chunk (below).
 *
 * <p>The result is what protobuf-java's parser followed by {@link Wire#fromPb(
 * io.argus.store.grpc.pb.TypesPb.Series, int[], boolean)} gives for the same bytes: unknown fields
 * and fields with an unexpected wire type are skipped, a singular field given twice keeps its last
 * value, a message field given twice is merged, a {@code oneof} keeps its last member, strings must
 * be valid UTF-8, and chunks that are not raw XOR chunks (native histograms, downsampled
 * aggregates) are counted and left out. Malformed protobuf fails with {@link ProtoException}; a raw
 * XOR chunk too short to be one ends the frame's series before the series holding it, with {@link
 * SeriesFrame#invalid()} saying why. Groups (deprecated wire types 3 and 4) are rejected. One
 * difference from protobuf-java, on input no store sends: when a {@code oneof} member comes back
 * after another member, protobuf-java merges into its earlier value, while this parser (as the
 * protobuf spec and Go) keeps only the last member.
 *
 * <p>{@link #parse} is thread-safe: each thread reuses a parser of its own (gRPC parses on its
 * transport threads), so the working arrays grow once rather than for every frame.
 */
final class SeriesFrameParser {
  private static final int SERIES_RESPONSE_SERIES = 1;
  private static final int SERIES_RESPONSE_WARNING = 2;
  private static final int SERIES_RESPONSE_HINTS = 3;
  private static final int SERIES_RESPONSE_BATCH = 4;

  private static final int CHUNK_XOR = 0;

  /**
   * A parsed frame: its series (one for a {@code series} frame, any number for a {@code batch}),
   * each a {@link Wire.DecodedSeries} or, in a sample-bounds answer, a {@link SampleBoundsSeries};
   * its warning, how many chunks were left out, and why the series after the last one returned
   * could not be read (null when all were).
   */
  record SeriesFrame(
      List<ChunkSeries> series,
      @Nullable String warning,
      int skippedChunks,
      @Nullable String invalid) {}

  private static final ThreadLocal<SeriesFrameParser> PARSERS =
      ThreadLocal.withInitial(SeriesFrameParser::new);

  private final ProtoReader in = new ProtoReader();
  private static final byte[] NO_FRAME = new byte[0];

  private byte[] frame = NO_FRAME;

  /** Which member of the response's {@code oneof} is set: 0 for none, else its field number. */
  private int resultCase;

  private @Nullable String warning;

  // Series of the frame: labels as alternating name/value strings, series by series.
  private String[] pairs = new String[64];
  private int pairCount;
  private int[] seriesPairEnd = new int[16];
  private int[] seriesChunkEnd = new int[16];
  private int seriesCount;

  // Chunks of the frame, series by series.
  private long[] chunkMinTime = new long[64];
  private long[] chunkMaxTime = new long[64];
  private boolean[] chunkHasRaw = new boolean[64];
  private boolean[] chunkHasAggregate = new boolean[64];
  private int[] chunkType = new int[64];
  private int[] chunkDataOffset = new int[64];
  private int[] chunkDataLength = new int[64];
  private int chunkCount;

  private SeriesFrameParser() {}

  /**
   * Parses {@code frame} of a chunk answer, whose chunks then refer to it.
   *
   * @throws ProtoException when the bytes are not a valid {@code SeriesResponse}
   */
  static SeriesFrame parse(byte[] frame) {
    return parse(frame, false);
  }

  /**
   * Parses {@code frame}, whose chunks then refer to it, of a sample-bounds answer or not.
   *
   * @throws ProtoException when the bytes are not a valid {@code SeriesResponse}
   */
  static SeriesFrame parse(byte[] frame, boolean sampleBounds) {
    SeriesFrameParser p = PARSERS.get();
    p.frame = frame;
    p.resultCase = 0;
    p.clearResult();
    try {
      p.readResponse();
      return p.build(sampleBounds);
    } finally {
      // Nothing of this frame stays reachable from the thread's parser.
      Arrays.fill(p.pairs, null);
      p.clearResult();
      p.frame = NO_FRAME;
      p.in.reset(NO_FRAME, 0, 0);
    }
  }

  private void readResponse() {
    in.reset(frame, 0, frame.length);
    while (in.hasRemaining()) {
      int tag = in.readTag();
      int field = tag >>> 3;
      if ((tag & 7) != WireType.LEN || field < SERIES_RESPONSE_SERIES || field > 4) {
        in.skip(tag);
        continue;
      }
      if (field != resultCase) {
        clearResult();
        resultCase = field;
      }
      int outer = in.pushLimit();
      switch (field) {
        case SERIES_RESPONSE_SERIES -> {
          // A series field given twice is one series merged: both add to the same one.
          if (seriesCount == 0) {
            openSeries();
          }
          readSeriesFields();
        }
        case SERIES_RESPONSE_WARNING ->
            warning = in.string(in.position(), in.limit() - in.position());
        case SERIES_RESPONSE_HINTS -> readAny();
        case SERIES_RESPONSE_BATCH -> readBatch();
        default -> throw new IllegalStateException("unreachable field " + field);
      }
      in.popLimit(outer);
    }
  }

  private void clearResult() {
    warning = null;
    pairCount = 0;
    seriesCount = 0;
    chunkCount = 0;
  }

  /** {@code google.protobuf.Any}: only checked (its type URL is a string). */
  private void readAny() {
    while (in.hasRemaining()) {
      int tag = in.readTag();
      if (tag == (1 << 3 | WireType.LEN)) {
        in.readString();
      } else {
        in.skip(tag);
      }
    }
  }

  private void readBatch() {
    while (in.hasRemaining()) {
      int tag = in.readTag();
      if (tag == (1 << 3 | WireType.LEN)) {
        int outer = in.pushLimit();
        openSeries();
        readSeriesFields();
        in.popLimit(outer);
      } else {
        in.skip(tag);
      }
    }
  }

  private void openSeries() {
    if (seriesCount == seriesPairEnd.length) {
      seriesPairEnd = Arrays.copyOf(seriesPairEnd, seriesCount * 2);
      seriesChunkEnd = Arrays.copyOf(seriesChunkEnd, seriesCount * 2);
    }
    seriesCount++;
    seriesPairEnd[seriesCount - 1] = pairCount;
    seriesChunkEnd[seriesCount - 1] = chunkCount;
  }

  /** The fields of {@code storepb.Series}, added to the last series opened. */
  private void readSeriesFields() {
    int s = seriesCount - 1;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      if (tag == (1 << 3 | WireType.LEN)) {
        int outer = in.pushLimit();
        readLabel();
        in.popLimit(outer);
        seriesPairEnd[s] = pairCount;
      } else if (tag == (2 << 3 | WireType.LEN)) {
        int outer = in.pushLimit();
        readAggrChunk();
        in.popLimit(outer);
        seriesChunkEnd[s] = chunkCount;
      } else {
        in.skip(tag);
      }
    }
  }

  private void readLabel() {
    String name = "";
    String value = "";
    while (in.hasRemaining()) {
      int tag = in.readTag();
      if (tag == (1 << 3 | WireType.LEN)) {
        name = in.readString();
      } else if (tag == (2 << 3 | WireType.LEN)) {
        value = in.readString();
      } else {
        in.skip(tag);
      }
    }
    if (pairCount + 2 > pairs.length) {
      pairs = Arrays.copyOf(pairs, pairs.length * 2);
    }
    pairs[pairCount++] = name;
    pairs[pairCount++] = value;
  }

  private void readAggrChunk() {
    if (chunkCount == chunkMinTime.length) {
      int n = chunkCount * 2;
      chunkMinTime = Arrays.copyOf(chunkMinTime, n);
      chunkMaxTime = Arrays.copyOf(chunkMaxTime, n);
      chunkHasRaw = Arrays.copyOf(chunkHasRaw, n);
      chunkHasAggregate = Arrays.copyOf(chunkHasAggregate, n);
      chunkType = Arrays.copyOf(chunkType, n);
      chunkDataOffset = Arrays.copyOf(chunkDataOffset, n);
      chunkDataLength = Arrays.copyOf(chunkDataLength, n);
    }
    int c = chunkCount++;
    chunkMinTime[c] = 0;
    chunkMaxTime[c] = 0;
    chunkHasRaw[c] = false;
    chunkHasAggregate[c] = false;
    chunkType[c] = CHUNK_XOR;
    chunkDataOffset[c] = 0;
    chunkDataLength[c] = 0;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      int field = tag >>> 3;
      int wireType = tag & 7;
      if (field <= 2 && wireType == WireType.VARINT) {
        long v = in.readVarint64();
        if (field == 1) {
          chunkMinTime[c] = v;
        } else {
          chunkMaxTime[c] = v;
        }
      } else if (field == 3 && wireType == WireType.LEN) {
        // A raw field given twice is merged: each of its fields keeps its last value.
        chunkHasRaw[c] = true;
        int outer = in.pushLimit();
        readChunk(c);
        in.popLimit(outer);
      } else if (field >= 4 && field <= 8 && wireType == WireType.LEN) {
        // Downsampled aggregates: not used, but must be well-formed as protobuf's parser checks.
        chunkHasAggregate[c] = true;
        int outer = in.pushLimit();
        skipFields();
        in.popLimit(outer);
      } else {
        in.skip(tag);
      }
    }
  }

  /** The fields of {@code storepb.Chunk}: type and data are kept, the hash is not used. */
  private void readChunk(int c) {
    while (in.hasRemaining()) {
      int tag = in.readTag();
      if (tag == (1 << 3 | WireType.VARINT)) {
        chunkType[c] = (int) in.readVarint64();
      } else if (tag == (2 << 3 | WireType.LEN)) {
        int len = in.readLength();
        chunkDataOffset[c] = in.position();
        chunkDataLength[c] = len;
        in.position(in.position() + len);
      } else {
        in.skip(tag);
      }
    }
  }

  private void skipFields() {
    while (in.hasRemaining()) {
      in.skip(in.readTag());
    }
  }

  private boolean dataless(int c) {
    return !chunkHasRaw[c] && !chunkHasAggregate[c];
  }

  private SeriesFrame build(boolean sampleBounds) {
    if (resultCase != SERIES_RESPONSE_SERIES && resultCase != SERIES_RESPONSE_BATCH) {
      return new SeriesFrame(List.of(), warning, 0, null);
    }
    List<ChunkSeries> out = new ArrayList<>(seriesCount);
    int skipped = 0;
    int pairStart = 0;
    int chunkStart = 0;
    for (int s = 0; s < seriesCount; s++) {
      int chunkEnd = seriesChunkEnd[s];
      int pairEnd = seriesPairEnd[s];
      if (sampleBounds && chunkEnd - chunkStart == 1 && dataless(chunkStart)) {
        long min = chunkMinTime[chunkStart];
        long max = chunkMaxTime[chunkStart];
        String invalid = Wire.invalidBounds(min, max);
        if (invalid != null) {
          return new SeriesFrame(out, null, skipped, invalid);
        }
        out.add(
            new SampleBoundsSeries(
                Wire.labelsFromPairs(Arrays.copyOfRange(pairs, pairStart, pairEnd)), min, max));
        pairStart = pairEnd;
        chunkStart = chunkEnd;
        continue;
      }
      List<ChunkMeta> chunks = new ArrayList<>(chunkEnd - chunkStart);
      for (int c = chunkStart; c < chunkEnd; c++) {
        if (!chunkHasRaw[c] || chunkType[c] != CHUNK_XOR) {
          if (!sampleBounds || !dataless(c)) {
            skipped++;
          }
          continue;
        }
        XorChunk chunk;
        try {
          chunk = XorChunk.wrap(frame, chunkDataOffset[c], chunkDataLength[c]);
        } catch (IllegalArgumentException e) {
          return new SeriesFrame(out, null, skipped, e.getMessage());
        }
        chunks.add(new ChunkMeta(0, chunkMinTime[c], chunkMaxTime[c], chunk));
      }
      out.add(
          new Wire.DecodedSeries(
              Wire.labelsFromPairs(Arrays.copyOfRange(pairs, pairStart, pairEnd)), chunks));
      pairStart = pairEnd;
      chunkStart = chunkEnd;
    }
    return new SeriesFrame(out, null, skipped, null);
  }
}
