package io.argus.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.argus.model.labels.Labels;
import io.argus.store.SampleBoundsSeries;
import io.argus.store.SeriesRequest;
import io.argus.store.grpc.pb.InfoGrpc;
import io.argus.store.grpc.pb.InfoPb;
import io.argus.store.grpc.pb.LabelPb;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.StoreGrpc;
import io.argus.store.grpc.pb.TypesPb;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire format to the field table of ha-protocols.md §1.9 (Thanos' storepb and infopb):
 * every field is set and the bytes protobuf-java writes are compared with bytes written out by hand
 * as (tag, length, payload), tag = field number << 3 | wire type (0 varint, 2 length-delimited).
 */
class WireFormatTest {
  /** Bytes from ints (each 0..255) and strings (their ASCII bytes). */
  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof Integer i) {
        out.write(i);
      } else {
        out.writeBytes(((String) p).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }

  private static void assertWire(MessageLite m, byte[] expected) {
    assertThat(m.toByteArray()).containsExactly(expected);
  }

  private static final LabelPb.Label AB =
      LabelPb.Label.newBuilder().setName("a").setValue("b").build();

  @Test
  void seriesRequest_everyFieldHasThanosNumber() {
    RpcPb.SeriesRequest r =
        RpcPb.SeriesRequest.newBuilder()
            .setMinTime(1)
            .setMaxTime(2)
            .addMatchers(
                TypesPb.LabelMatcher.newBuilder()
                    .setType(TypesPb.LabelMatcher.Type.RE)
                    .setName("a")
                    .setValue("b"))
            .setMaxResolutionWindow(4)
            .addAggregates(RpcPb.Aggr.COUNT)
            .addAggregates(RpcPb.Aggr.SUM)
            .setPartialResponseDisabled(true)
            .setPartialResponseStrategy(TypesPb.PartialResponseStrategy.ABORT)
            .setSkipChunks(true)
            .setHints(Any.newBuilder().setTypeUrl("t"))
            .setStep(10)
            .setRange(11)
            .setQueryHints(
                RpcPb.QueryHints.newBuilder()
                    .setStepMillis(1)
                    .setFunc(RpcPb.Func.newBuilder().setName("rate"))
                    .setGrouping(RpcPb.Grouping.newBuilder().setBy(true).addLabels("x"))
                    .setRange(RpcPb.Range.newBuilder().setMillis(5))
                    .addProjectionLabels("p")
                    .setProjectionInclude(true)
                    .setSeriesHashLabelName("h"))
            .setShardInfo(
                RpcPb.ShardInfo.newBuilder()
                    .setShardIndex(1)
                    .setTotalShards(2)
                    .setBy(true)
                    .addLabels("l"))
            .addWithoutReplicaLabels("r")
            .setLimit(15)
            .setResponseBatchSize(16)
            .setSampleBounds(true)
            .build();

    assertWire(
        r,
        bytes(
            0x08, 1, // 1 min_time
            0x10, 2, // 2 max_time
            0x1A, 8, 0x08, 2, 0x12, 1, "a", 0x1A, 1, "b", // 3 matchers {type RE, name, value}
            0x20, 4, // 4 max_resolution_window
            0x2A, 2, 1, 2, // 5 aggregates, packed: COUNT, SUM
            0x30, 1, // 6 partial_response_disabled
            0x38, 1, // 7 partial_response_strategy ABORT
            0x40, 1, // 8 skip_chunks
            0x4A, 3, 0x0A, 1, "t", // 9 hints (Any.type_url)
            0x50, 10, // 10 step
            0x58, 11, // 11 range
            0x62, 29, // 12 query_hints:
            0x08, 1, //   1 step_millis
            0x12, 6, 0x0A, 4, "rate", //   2 func {name}
            0x22, 5, 0x08, 1, 0x1A, 1, "x", //   4 grouping {by 1, labels 3}
            0x2A, 2, 0x08, 5, //   5 range {millis}
            0x32, 1, "p", //   6 projection_labels
            0x38, 1, //   7 projection_include
            0x42, 1, "h", //   8 series_hash_label_name
            0x6A, 9, 0x08, 1, 0x10, 2, 0x18, 1, 0x22, 1, "l", // 13 shard_info
            0x72, 1, "r", // 14 without_replica_labels
            0x78, 15, // 15 limit
            0x80, 0x01, 16, // 16 response_batch_size (tag 128 is a two-byte varint)
            0xC8, 0x3E, 1)); // 1001 sample_bounds, Argus only (tag 8008 = 0x48 | 0x3E << 7)
  }

  @Test
  void seriesRequest_sampleBoundsIsMappedBothWays() {
    SeriesRequest bounds = SeriesRequest.of(1, 2, List.of()).withSampleBounds(true);

    RpcPb.SeriesRequest pb = Wire.toPb(bounds, 1);

    assertThat(pb.getSampleBounds()).isTrue();
    assertThat(Wire.fromPb(pb).sampleBounds()).isTrue();
    assertThat(Wire.fromPb(Wire.toPb(bounds.withSampleBounds(false), 1)).sampleBounds()).isFalse();
    // Unset, the field is not on the wire: requests to Thanos stores are unchanged.
    assertThat(Wire.toPb(bounds.withSampleBounds(false), 1).toByteArray())
        .doesNotContain((byte) 0xC8);
  }

  @Test
  void sampleBoundsSeries_isOneChunkWithoutData() {
    TypesPb.Series s = Wire.toPb(new SampleBoundsSeries(Labels.of("a", "b"), 3, 300));

    // series {labels {a b}, chunks {min_time 3, max_time 300}}, nothing else.
    assertWire(s, bytes(0x0A, 6, 0x0A, 1, "a", 0x12, 1, "b", 0x12, 5, 0x08, 3, 0x10, 0xAC, 0x02));
  }

  @Test
  void seriesResponse_seriesWarningAndBatchFrames() {
    TypesPb.Series series =
        TypesPb.Series.newBuilder()
            .addLabels(AB)
            .addChunks(
                TypesPb.AggrChunk.newBuilder()
                    .setMinTime(1)
                    .setMaxTime(2)
                    .setRaw(
                        TypesPb.Chunk.newBuilder()
                            .setType(TypesPb.Chunk.Encoding.XOR)
                            .setData(ByteString.copyFrom(new byte[] {1, 2}))
                            .setHash(3)))
            .build();

    assertWire(
        RpcPb.SeriesResponse.newBuilder().setSeries(series).build(),
        bytes(
            0x0A, 22, // 1 series
            0x0A, 6, 0x0A, 1, "a", 0x12, 1, "b", //   1 labels {name 1, value 2}
            0x12, 12, //   2 chunks: AggrChunk
            0x08, 1, 0x10, 2, //     1 min_time, 2 max_time
            0x1A, 6, 0x12, 2, 1, 2, 0x18, 3)); //     3 raw {type XOR=0 omitted, 2 data, 3 hash}
    assertWire(RpcPb.SeriesResponse.newBuilder().setWarning("w").build(), bytes(0x12, 1, "w"));
    assertWire(
        RpcPb.SeriesResponse.newBuilder().setHints(Any.newBuilder().setTypeUrl("t")).build(),
        bytes(0x1A, 3, 0x0A, 1, "t"));
    assertWire(
        RpcPb.SeriesResponse.newBuilder()
            .setBatch(
                TypesPb.SeriesBatch.newBuilder()
                    .addSeries(TypesPb.Series.newBuilder().addLabels(AB)))
            .build(),
        bytes(0x22, 10, 0x0A, 8, 0x0A, 6, 0x0A, 1, "a", 0x12, 1, "b"));
  }

  @Test
  void aggrChunk_aggregateFieldsAndChunkEncodings() {
    TypesPb.AggrChunk c =
        TypesPb.AggrChunk.newBuilder()
            .setCount(TypesPb.Chunk.newBuilder().setType(TypesPb.Chunk.Encoding.HISTOGRAM))
            .setSum(TypesPb.Chunk.newBuilder().setType(TypesPb.Chunk.Encoding.FLOAT_HISTOGRAM))
            .setMin(TypesPb.Chunk.getDefaultInstance())
            .setMax(TypesPb.Chunk.getDefaultInstance())
            .setCounter(TypesPb.Chunk.getDefaultInstance())
            .build();

    assertWire(
        c,
        bytes(
            0x22, 2, 0x08, 1, // 4 count {type HISTOGRAM=1}
            0x2A, 2, 0x08, 2, // 5 sum {type FLOAT_HISTOGRAM=2}
            0x32, 0, // 6 min
            0x3A, 0, // 7 max
            0x42, 0)); // 8 counter
  }

  @Test
  void labelRequestsAndResponses_fieldNumbers() {
    TypesPb.LabelMatcher eq =
        TypesPb.LabelMatcher.newBuilder().setName("a").setValue("b").build(); // EQ = 0
    assertWire(
        RpcPb.LabelNamesRequest.newBuilder()
            .setPartialResponseDisabled(true)
            .setPartialResponseStrategy(TypesPb.PartialResponseStrategy.ABORT)
            .setStart(3)
            .setEnd(4)
            .setHints(Any.newBuilder().setTypeUrl("t"))
            .addMatchers(eq)
            .addWithoutReplicaLabels("r")
            .setLimit(8)
            .build(),
        bytes(
            0x08, 1, // 1 partial_response_disabled
            0x10, 1, // 2 partial_response_strategy ABORT
            0x18, 3, // 3 start
            0x20, 4, // 4 end
            0x2A, 3, 0x0A, 1, "t", // 5 hints
            0x32, 6, 0x12, 1, "a", 0x1A, 1, "b", // 6 matchers {type EQ=0 omitted, name, value}
            0x3A, 1, "r", // 7 without_replica_labels
            0x40, 8)); // 8 limit
    assertWire(
        RpcPb.LabelNamesResponse.newBuilder()
            .addNames("n")
            .addWarnings("w")
            .setHints(Any.getDefaultInstance())
            .build(),
        bytes(0x0A, 1, "n", 0x12, 1, "w", 0x1A, 0));
    assertWire(
        RpcPb.LabelValuesRequest.newBuilder()
            .setLabel("l")
            .setPartialResponseDisabled(true)
            .setPartialResponseStrategy(TypesPb.PartialResponseStrategy.ABORT)
            .setStart(4)
            .setEnd(5)
            .setHints(Any.getDefaultInstance())
            .addMatchers(eq.toBuilder().setType(TypesPb.LabelMatcher.Type.NRE))
            .addWithoutReplicaLabels("r")
            .setLimit(9)
            .build(),
        bytes(
            0x0A, 1, "l", // 1 label
            0x10, 1, // 2 partial_response_disabled
            0x18, 1, // 3 partial_response_strategy ABORT
            0x20, 4, // 4 start
            0x28, 5, // 5 end
            0x32, 0, // 6 hints
            0x3A, 8, 0x08, 3, 0x12, 1, "a", 0x1A, 1, "b", // 7 matchers {type NRE=3, name, value}
            0x42, 1, "r", // 8 without_replica_labels
            0x48, 9)); // 9 limit
    assertWire(
        RpcPb.LabelValuesResponse.newBuilder().addValues("v").addWarnings("w").build(),
        bytes(0x0A, 1, "v", 0x12, 1, "w"));
  }

  @Test
  void infoResponse_fieldNumbers() {
    LabelPb.ZLabelSet set = LabelPb.ZLabelSet.newBuilder().addLabels(AB).build();
    InfoPb.InfoResponse r =
        InfoPb.InfoResponse.newBuilder()
            .addLabelSets(set)
            .setComponentType("s")
            .setStore(
                InfoPb.StoreInfo.newBuilder()
                    .setMinTime(1)
                    .setMaxTime(2)
                    .setSupportsSharding(true)
                    .setSupportsWithoutReplicaLabels(true)
                    .addTsdbInfos(
                        InfoPb.TSDBInfo.newBuilder()
                            .setLabels(LabelPb.ZLabelSet.getDefaultInstance())
                            .setMinTime(3)
                            .setMaxTime(4))
                    .setSupportsProjections(true))
            .setRules(InfoPb.RulesInfo.getDefaultInstance())
            .setMetricMetadata(InfoPb.MetricMetadataInfo.getDefaultInstance())
            .setTargets(InfoPb.TargetsInfo.getDefaultInstance())
            .setExemplars(InfoPb.ExemplarsInfo.newBuilder().setMinTime(1).setMaxTime(2))
            .setQuery(InfoPb.QueryAPIInfo.getDefaultInstance())
            .setStatus(InfoPb.StatusInfo.getDefaultInstance())
            .build();

    assertWire(
        r,
        bytes(
            0x0A, 8, 0x0A, 6, 0x0A, 1, "a", 0x12, 1, "b", // 1 label_sets
            0x12, 1, "s", // 2 ComponentType
            0x1A, 18, // 3 store:
            0x08, 1, 0x10, 2, 0x18, 1, //   1 min_time, 2 max_time, 3 supports_sharding
            0x28, 1, //   5 supports_without_replica_labels (4 is reserved)
            0x32, 6, 0x0A, 0, 0x10, 3, 0x18, 4, //   6 tsdb_infos {labels, min_time, max_time}
            0x38, 1, //   7 supports_projections
            0x22, 0, 0x2A, 0, 0x32, 0, // 4 rules, 5 metric_metadata, 6 targets
            0x3A, 4, 0x08, 1, 0x10, 2, // 7 exemplars {min_time, max_time}
            0x42, 0, 0x4A, 0)); // 8 query, 9 status
  }

  @Test
  void services_haveThanosNames() {
    assertThat(StoreGrpc.getSeriesMethod().getFullMethodName()).isEqualTo("thanos.Store/Series");
    assertThat(StoreGrpc.getSeriesMethod().getType())
        .isEqualTo(MethodDescriptor.MethodType.SERVER_STREAMING);
    assertThat(StoreGrpc.getLabelNamesMethod().getFullMethodName())
        .isEqualTo("thanos.Store/LabelNames");
    assertThat(StoreGrpc.getLabelValuesMethod().getFullMethodName())
        .isEqualTo("thanos.Store/LabelValues");
    assertThat(InfoGrpc.getInfoMethod().getFullMethodName()).isEqualTo("thanos.info.Info/Info");
  }
}
