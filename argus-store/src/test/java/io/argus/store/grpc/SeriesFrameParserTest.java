package io.argus.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.argus.model.labels.Labels;
import io.argus.remote.proto.ProtoException;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.store.SampleBoundsSeries;
import io.argus.store.grpc.pb.LabelPb;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.TypesPb;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link SeriesFrameParser} against its reference: protobuf-java's generated parser followed by
 * {@link Wire#fromPb(TypesPb.Series, int[], boolean)}, on random frames, merged frames and
 * truncated ones, read as chunk answers and as sample-bounds answers.
 */
class SeriesFrameParserTest {
  private static final String[] NAMES = {"__name__", "a", "job", "instance", "zé", "le", "b"};
  private static final String[] VALUES = {
    "", "x", "job-1", "10.0.0.1:9100", "ünï", "0.5", "+Inf"
  };

  /** A frame's parse outcome rendered comparably: series, chunk bytes, warning, counts. */
  private static String rendered(SeriesFrameParser.SeriesFrame f) {
    StringBuilder sb = new StringBuilder();
    for (ChunkSeries s : f.series()) {
      render(sb, s);
    }
    sb.append("warning=").append(f.warning()).append(" skipped=").append(f.skippedChunks());
    sb.append(" invalid=").append(f.invalid() != null);
    return sb.toString();
  }

  private static void render(StringBuilder sb, ChunkSeries s) {
    sb.append(s.labels()).append(':');
    if (s instanceof SampleBoundsSeries b) {
      sb.append(" bounds[").append(b.firstTime()).append(',').append(b.lastTime()).append(']');
    } else {
      assertThat(s).isInstanceOf(Wire.DecodedSeries.class);
    }
    for (ChunkMeta c : s.chunks()) {
      sb.append(" [")
          .append(c.minTime())
          .append(',')
          .append(c.maxTime())
          .append(' ')
          .append(
              HexFormat.of()
                  .formatHex(
                      Arrays.copyOf(c.chunk().bytes(), c.chunk().byteLength())))
          .append(']');
    }
    sb.append('\n');
  }

  /** What protobuf-java and the old conversion make of {@code bytes}, or "error". */
  private static String reference(byte[] bytes, boolean sampleBounds) {
    RpcPb.SeriesResponse r;
    try {
      r = RpcPb.SeriesResponse.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return "error";
    }
    List<TypesPb.Series> series =
        switch (r.getResultCase()) {
          case SERIES -> List.of(r.getSeries());
          case BATCH -> r.getBatch().getSeriesList();
          default -> List.of();
        };
    StringBuilder sb = new StringBuilder();
    int[] skipped = {0};
    boolean invalid = false;
    for (TypesPb.Series s : series) {
      try {
        render(sb, Wire.fromPb(s, skipped, sampleBounds));
      } catch (IllegalArgumentException e) {
        invalid = true;
        break;
      }
    }
    String warning =
        r.getResultCase() == RpcPb.SeriesResponse.ResultCase.WARNING ? r.getWarning() : null;
    sb.append("warning=").append(warning).append(" skipped=").append(skipped[0]);
    sb.append(" invalid=").append(invalid);
    return sb.toString();
  }

  private static String reference(byte[] bytes) {
    return reference(bytes, false);
  }

  private static String parsed(byte[] bytes, boolean sampleBounds) {
    try {
      return rendered(SeriesFrameParser.parse(bytes, sampleBounds));
    } catch (ProtoException e) {
      return "error";
    }
  }

  private static String parsed(byte[] bytes) {
    return parsed(bytes, false);
  }

  // ------------------------------------------------------------------ random frames

  private static UnknownFieldSet unknown(SplittableRandom r, int knownField) {
    UnknownFieldSet.Builder u = UnknownFieldSet.newBuilder();
    int field = r.nextBoolean() ? 15 + r.nextInt(100) : knownField;
    UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
    // A known field number with another wire type is skipped by protobuf as an unknown field.
    switch (r.nextInt(field == knownField ? 3 : 4)) {
      case 0 -> f.addVarint(r.nextLong());
      case 1 -> f.addFixed32(r.nextInt());
      case 2 -> f.addFixed64(r.nextLong());
      default -> f.addLengthDelimited(ByteString.copyFromUtf8("junk" + r.nextInt(9)));
    }
    return u.addField(field, f.build()).build();
  }

  private static ByteString xorBytes(SplittableRandom r) {
    if (r.nextInt(40) == 0) {
      return ByteString.copyFrom(new byte[r.nextInt(2)]); // too short to be an XOR chunk
    }
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    long t = r.nextLong(1_000_000);
    int n = 1 + r.nextInt(30);
    for (int i = 0; i < n; i++) {
      t += 1 + r.nextInt(30_000);
      app.append(t, r.nextBoolean() ? r.nextInt(100) : r.nextDouble() * 1e6);
    }
    return ByteString.copyFrom(c.bytes(), 0, c.byteLength());
  }

  private static TypesPb.Chunk chunk(SplittableRandom r) {
    TypesPb.Chunk.Builder b = TypesPb.Chunk.newBuilder();
    int type = r.nextInt(10);
    if (type >= 7) {
      b.setTypeValue(type); // an encoding this side does not know
    } else {
      b.setTypeValue(type < 5 ? 0 : type - 4);
    }
    b.setData(xorBytes(r));
    if (r.nextBoolean()) {
      b.setHash(r.nextLong());
    }
    if (r.nextInt(8) == 0) {
      b.setUnknownFields(unknown(r, 1 + r.nextInt(3)));
    }
    return b.build();
  }

  private static TypesPb.Series series(SplittableRandom r) {
    TypesPb.Series.Builder b = TypesPb.Series.newBuilder();
    int labels = r.nextInt(5);
    List<String> names = new ArrayList<>(Arrays.asList(NAMES));
    if (r.nextInt(4) != 0) {
      names.sort(io.argus.model.labels.Utf8Order::compare);
    }
    int start = r.nextInt(names.size());
    for (int i = 0; i < labels; i++) {
      LabelPb.Label.Builder l =
          LabelPb.Label.newBuilder()
              .setName(names.get((start + i) % names.size()))
              .setValue(VALUES[r.nextInt(VALUES.length)]);
      if (r.nextInt(10) == 0) {
        l.setUnknownFields(unknown(r, 1 + r.nextInt(2)));
      }
      b.addLabels(l);
    }
    if (r.nextInt(4) == 0) {
      // What a store answers a sample-bounds request with: one chunk without data.
      long min = r.nextLong(-1_000, 10_000_000);
      long max = r.nextInt(20) == 0 ? min - 1 - r.nextInt(1000) : min + r.nextInt(1_000_000);
      TypesPb.AggrChunk.Builder c = TypesPb.AggrChunk.newBuilder().setMinTime(min).setMaxTime(max);
      if (r.nextInt(8) == 0) {
        c.setUnknownFields(unknown(r, 1 + r.nextInt(8)));
      }
      return b.addChunks(c).build();
    }
    int chunks = r.nextInt(4);
    for (int i = 0; i < chunks; i++) {
      TypesPb.AggrChunk.Builder c =
          TypesPb.AggrChunk.newBuilder()
              .setMinTime(r.nextLong(-1_000, 10_000_000))
              .setMaxTime(r.nextLong(-1_000, 10_000_000));
      if (r.nextInt(6) != 0) {
        c.setRaw(chunk(r));
      }
      if (r.nextInt(5) == 0) {
        c.setCount(chunk(r)).setSum(chunk(r));
      }
      if (r.nextInt(10) == 0) {
        c.setCounter(chunk(r));
      }
      if (r.nextInt(8) == 0) {
        c.setUnknownFields(unknown(r, 1 + r.nextInt(8)));
      }
      b.addChunks(c);
    }
    if (r.nextInt(8) == 0) {
      b.setUnknownFields(unknown(r, 1 + r.nextInt(2)));
    }
    return b.build();
  }

  private static RpcPb.SeriesResponse response(SplittableRandom r) {
    RpcPb.SeriesResponse.Builder b = RpcPb.SeriesResponse.newBuilder();
    switch (r.nextInt(8)) {
      case 0, 1 -> b.setSeries(series(r));
      case 2 -> b.setWarning("store down: " + VALUES[r.nextInt(VALUES.length)]);
      case 3 ->
          b.setHints(
              Any.newBuilder()
                  .setTypeUrl("type.googleapis.com/hints")
                  .setValue(ByteString.copyFromUtf8("h")));
      case 4 -> {}
      default -> {
        TypesPb.SeriesBatch.Builder batch = TypesPb.SeriesBatch.newBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
          batch.addSeries(series(r));
        }
        b.setBatch(batch);
      }
    }
    if (r.nextInt(8) == 0) {
      b.setUnknownFields(unknown(r, 1 + r.nextInt(4)));
    }
    return b.build();
  }

  @Property(tries = 400)
  void parse_randomFrame_sameAsProtobufAndWire(@ForAll long seed, @ForAll boolean sampleBounds) {
    byte[] bytes = response(new SplittableRandom(seed)).toByteArray();

    String expected = reference(bytes, sampleBounds);

    assertThat(expected).isNotEqualTo("error");
    assertThat(parsed(bytes, sampleBounds)).isEqualTo(expected);
  }

  /**
   * Frames written one after the other are one frame to protobuf: fields merge. The frames are
   * grouped by their member of the {@code oneof}, so that none comes back after another: there
   * protobuf-java merges into the member's earlier value, while the protobuf spec (and this
   * parser, and Go's) keep only the last member seen.
   */
  @Property(tries = 300)
  void parse_concatenatedFrames_mergedAsProtobufDoes(
      @ForAll long seed, @ForAll boolean sampleBounds) {
    SplittableRandom r = new SplittableRandom(seed);
    List<RpcPb.SeriesResponse> frames = new ArrayList<>();
    int n = 2 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      frames.add(response(r));
    }
    frames.sort(java.util.Comparator.comparing(RpcPb.SeriesResponse::getResultCase));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(f -> out.writeBytes(f.toByteArray()));
    byte[] bytes = out.toByteArray();

    assertThat(parsed(bytes, sampleBounds)).isEqualTo(reference(bytes, sampleBounds));
  }

  @Test
  void parse_memberComesBack_onlyTheLastMemberCounts() {
    byte[] first = batchFrame(List.of(new Wire.DecodedSeries(Labels.of("job", "a"), List.of())));
    byte[] warning = RpcPb.SeriesResponse.newBuilder().setWarning("w").build().toByteArray();
    byte[] second = batchFrame(List.of(new Wire.DecodedSeries(Labels.of("job", "b"), List.of())));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(first);
    out.writeBytes(warning);
    out.writeBytes(second);

    SeriesFrameParser.SeriesFrame frame = SeriesFrameParser.parse(out.toByteArray());

    assertThat(frame.series())
        .extracting(ChunkSeries::labels)
        .containsExactly(Labels.of("job", "b"));
    assertThat(frame.warning()).isNull();
  }

  @Property(tries = 300)
  void parse_truncatedFrame_failsOrAgreesWithProtobuf(
      @ForAll long seed, @ForAll boolean sampleBounds) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] whole = response(r).toByteArray();
    byte[] bytes = Arrays.copyOf(whole, whole.length == 0 ? 0 : r.nextInt(whole.length));

    assertThat(parsed(bytes, sampleBounds)).isEqualTo(reference(bytes, sampleBounds));
  }

  // ------------------------------------------------------------------ examples

  private static ChunkMeta xor(long from, int samples) {
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    for (int i = 0; i < samples; i++) {
      app.append(from + i * 15_000L, i * 1.5);
    }
    return new ChunkMeta(0, from, from + (samples - 1) * 15_000L, c);
  }

  private static byte[] batchFrame(List<Wire.DecodedSeries> series) {
    TypesPb.SeriesBatch.Builder batch = TypesPb.SeriesBatch.newBuilder();
    for (Wire.DecodedSeries s : series) {
      batch.addSeries(Wire.toPb(s));
    }
    return RpcPb.SeriesResponse.newBuilder().setBatch(batch).build().toByteArray();
  }

  @Test
  void parse_batch_chunksAreViewsOfTheFrame() {
    List<Wire.DecodedSeries> sent =
        List.of(
            new Wire.DecodedSeries(
                Labels.of("job", "a"), List.of(xor(0, 120), xor(2_000_000, 7))),
            new Wire.DecodedSeries(Labels.of("job", "b"), List.of(xor(0, 1))));
    byte[] wire = batchFrame(sent);

    SeriesFrameParser.SeriesFrame frame = SeriesFrameParser.parse(wire);

    assertThat(frame.series()).hasSize(2);
    assertThat(frame.invalid()).isNull();
    for (int i = 0; i < sent.size(); i++) {
      ChunkSeries got = frame.series().get(i);
      assertThat(got.labels()).isEqualTo(sent.get(i).labels());
      for (int c = 0; c < got.chunks().size(); c++) {
        XorChunk chunk = (XorChunk) got.chunks().get(c).chunk();
        ChunkMeta want = sent.get(i).chunks().get(c);
        assertThat(got.chunks().get(c).minTime()).isEqualTo(want.minTime());
        assertThat(got.chunks().get(c).maxTime()).isEqualTo(want.maxTime());
        assertThat(Arrays.copyOf(chunk.bytes(), chunk.byteLength()))
            .isEqualTo(Arrays.copyOf(want.chunk().bytes(), want.chunk().byteLength()));
      }
    }
    // No copy of the chunk bytes: a chunk at offset 0 of the frame is impossible (tags come
    // first), so XorChunk.bytes() would have copied; the ranges must lie inside the frame.
    String hex = HexFormat.of().formatHex(wire);
    XorChunk first = (XorChunk) frame.series().get(0).chunks().get(0).chunk();
    assertThat(hex)
        .contains(HexFormat.of().formatHex(Arrays.copyOf(first.bytes(), first.byteLength())));
  }

  @Test
  void parse_warningFrame_isTheWarningAlone() {
    byte[] wire =
        RpcPb.SeriesResponse.newBuilder().setWarning("store b: down").build().toByteArray();

    SeriesFrameParser.SeriesFrame frame = SeriesFrameParser.parse(wire);

    assertThat(frame.series()).isEmpty();
    assertThat(frame.warning()).isEqualTo("store b: down");
  }

  @Test
  void parse_chunkTooShort_keepsEarlierSeriesAndSaysWhy() {
    TypesPb.Series bad =
        TypesPb.Series.newBuilder()
            .addLabels(LabelPb.Label.newBuilder().setName("job").setValue("z"))
            .addChunks(
                TypesPb.AggrChunk.newBuilder()
                    .setRaw(TypesPb.Chunk.newBuilder().setData(ByteString.copyFrom(new byte[1]))))
            .build();
    byte[] wire =
        RpcPb.SeriesResponse.newBuilder()
            .setBatch(
                TypesPb.SeriesBatch.newBuilder()
                    .addSeries(
                        Wire.toPb(
                            new Wire.DecodedSeries(Labels.of("job", "a"), List.of(xor(0, 3)))))
                    .addSeries(bad))
            .build()
            .toByteArray();

    SeriesFrameParser.SeriesFrame frame = SeriesFrameParser.parse(wire);

    assertThat(frame.series())
        .extracting(ChunkSeries::labels)
        .containsExactly(Labels.of("job", "a"));
    assertThat(frame.invalid()).contains("invalid xor chunk range");
  }

  @Test
  void parse_invalidUtf8Label_fails() {
    // series { labels { name: "j\xff" value: "x" } }: protobuf's builders refuse to write it.
    byte[] wire = {0x0a, 0x09, 0x0a, 0x07, 0x0a, 0x02, 'j', (byte) 0xff, 0x12, 0x01, 'x'};

    assertThat(reference(wire)).isEqualTo("error");
    assertThatThrownBy(() -> SeriesFrameParser.parse(wire)).isInstanceOf(ProtoException.class);
  }

  @Test
  void marshallerParse_truncatedFrame_failsWithInternal() {
    byte[] wire =
        batchFrame(List.of(new Wire.DecodedSeries(Labels.of("job", "a"), List.of(xor(0, 50)))));
    byte[] truncated = Arrays.copyOf(wire, wire.length - 5);

    assertThatThrownBy(
            () -> new SeriesFrameMarshaller().parse(new ByteArrayInputStream(truncated)))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("INTERNAL");
  }

  // ------------------------------------------------------------------ sample bounds

  private static TypesPb.Series boundsSeries(String job, long min, long max) {
    return TypesPb.Series.newBuilder()
        .addLabels(LabelPb.Label.newBuilder().setName("job").setValue(job))
        .addChunks(TypesPb.AggrChunk.newBuilder().setMinTime(min).setMaxTime(max))
        .build();
  }

  private static byte[] batchOf(TypesPb.Series... series) {
    return RpcPb.SeriesResponse.newBuilder()
        .setBatch(TypesPb.SeriesBatch.newBuilder().addAllSeries(List.of(series)))
        .build()
        .toByteArray();
  }

  @Test
  void parse_boundsChunkInBoundsAnswer_isSampleBoundsSeries() {
    byte[] wire =
        batchOf(
            boundsSeries("a", 1_000, 61_000),
            Wire.toPb(new SampleBoundsSeries(Labels.of("job", "b"), 5, 5)));

    SeriesFrameParser.SeriesFrame frame = SeriesFrameParser.parse(wire, true);

    assertThat(frame.series())
        .containsExactly(
            new SampleBoundsSeries(Labels.of("job", "a"), 1_000, 61_000),
            new SampleBoundsSeries(Labels.of("job", "b"), 5, 5));
    assertThat(frame.skippedChunks()).isZero();
    assertThat(frame.invalid()).isNull();
  }

  @Test
  void parse_rawChunksInBoundsAnswer_stayChunks() {
    // A store that ignores sample_bounds (Thanos) answers with chunks.
    Wire.DecodedSeries sent = new Wire.DecodedSeries(Labels.of("job", "a"), List.of(xor(0, 4)));
    TypesPb.Series withBoundsChunkToo =
        Wire.toPb(sent).toBuilder()
            .addChunks(TypesPb.AggrChunk.newBuilder().setMinTime(7).setMaxTime(9))
            .build();

    SeriesFrameParser.SeriesFrame frame =
        SeriesFrameParser.parse(batchOf(Wire.toPb(sent), withBoundsChunkToo), true);

    assertThat(frame.series()).hasSize(2).allMatch(s -> s instanceof Wire.DecodedSeries);
    assertThat(frame.series().get(0).chunks()).hasSize(1);
    assertThat(frame.series().get(0).chunks().get(0).maxTime()).isEqualTo(45_000);
    assertThat(frame.series().get(1).chunks()).hasSize(1);
    assertThat(frame.skippedChunks()).isZero();
  }

  @Test
  void parse_boundsChunkInChunkAnswer_isASkippedChunk() {
    SeriesFrameParser.SeriesFrame frame =
        SeriesFrameParser.parse(batchOf(boundsSeries("a", 1, 2)), false);

    assertThat(frame.series()).singleElement().isInstanceOf(Wire.DecodedSeries.class);
    assertThat(frame.series().get(0).chunks()).isEmpty();
    assertThat(frame.skippedChunks()).isEqualTo(1);
  }

  @Test
  void parse_aggregateChunkInBoundsAnswer_isNoBoundsChunk() {
    TypesPb.Series downsampled =
        TypesPb.Series.newBuilder()
            .addChunks(
                TypesPb.AggrChunk.newBuilder()
                    .setMinTime(1)
                    .setMaxTime(2)
                    .setCount(TypesPb.Chunk.getDefaultInstance()))
            .build();

    SeriesFrameParser.SeriesFrame frame = SeriesFrameParser.parse(batchOf(downsampled), true);

    assertThat(frame.series()).singleElement().isInstanceOf(Wire.DecodedSeries.class);
    assertThat(frame.skippedChunks()).isEqualTo(1);
  }

  @Test
  void parse_boundsChunkEndingBeforeItStarts_isAnInvalidFrame() {
    byte[] wire = batchOf(boundsSeries("a", 10, 20), boundsSeries("b", 20, 19));

    SeriesFrameParser.SeriesFrame frame = SeriesFrameParser.parse(wire, true);

    assertThat(frame.series())
        .containsExactly(new SampleBoundsSeries(Labels.of("job", "a"), 10, 20));
    assertThat(frame.invalid()).contains("max time 19 before min time 20");
    assertThat(reference(wire, true)).endsWith("invalid=true");
  }
}
