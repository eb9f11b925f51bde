package io.argus.store.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.model.labels.Utf8Order;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.storage.SelectHints;
import io.argus.storage.chunkenc.Chunk;
import io.argus.storage.chunkenc.Encoding;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.store.LabelRequest;
import io.argus.store.SampleBoundsSeries;
import io.argus.store.SeriesRequest;
import io.argus.store.StoreInfo;
import io.argus.store.grpc.pb.InfoPb;
import io.argus.store.grpc.pb.LabelPb;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.TypesPb;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Converts between the StoreAPI messages and the Java types of {@link io.argus.store}. */
final class Wire {
  private Wire() {}

  /** A request the server cannot accept; its message says what is wrong. */
  static final class InvalidRequestException extends IllegalArgumentException {
    InvalidRequestException(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------------------- matchers

  static TypesPb.LabelMatcher toPb(Matcher m) {
    TypesPb.LabelMatcher.Type type =
        switch (m.type()) {
          case EQUAL -> TypesPb.LabelMatcher.Type.EQ;
          case NOT_EQUAL -> TypesPb.LabelMatcher.Type.NEQ;
          case REGEX -> TypesPb.LabelMatcher.Type.RE;
          case NOT_REGEX -> TypesPb.LabelMatcher.Type.NRE;
        };
    return TypesPb.LabelMatcher.newBuilder()
        .setType(type)
        .setName(m.name())
        .setValue(m.value())
        .build();
  }

  /**
   * @throws InvalidRequestException for an unknown matcher type or an invalid regular expression
   */
  static List<Matcher> fromPb(List<TypesPb.LabelMatcher> matchers) {
    List<Matcher> out = new ArrayList<>(matchers.size());
    for (TypesPb.LabelMatcher m : matchers) {
      MatchType type =
          switch (m.getType()) {
            case EQ -> MatchType.EQUAL;
            case NEQ -> MatchType.NOT_EQUAL;
            case RE -> MatchType.REGEX;
            case NRE -> MatchType.NOT_REGEX;
            case UNRECOGNIZED ->
                throw new InvalidRequestException(
                    "unknown label matcher type " + m.getTypeValue() + " for label " + m.getName());
          };
      try {
        out.add(Matcher.of(type, m.getName(), m.getValue()));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(
            "invalid matcher "
                + m.getName()
                + type.operator()
                + quoted(m.getValue())
                + ": "
                + e.getMessage());
      }
    }
    return out;
  }

  private static String quoted(String s) {
    StringBuilder sb = new StringBuilder();
    Labels.appendQuoted(sb, s);
    return sb.toString();
  }

  // ---------------------------------------------------------------------------- requests

  static RpcPb.SeriesRequest toPb(SeriesRequest r, int responseBatchSize) {
    RpcPb.SeriesRequest.Builder b =
        RpcPb.SeriesRequest.newBuilder()
            .setMinTime(r.minTime())
            .setMaxTime(r.maxTime())
            .setSkipChunks(r.skipChunks())
            .setLimit(r.limit())
            .setResponseBatchSize(responseBatchSize)
            .setSampleBounds(r.sampleBounds())
            .setPartialResponseStrategy(strategy(r.partialResponse()))
            .setPartialResponseDisabled(!r.partialResponse())
            .addAllWithoutReplicaLabels(r.withoutReplicaLabels())
            .addAllAggregates(aggregates(r.hints().func()));
    for (Matcher m : r.matchers()) {
      b.addMatchers(toPb(m));
    }
    SelectHints h = r.hints();
    if (h.step() != 0 || h.range() != 0 || h.func() != null || !h.grouping().isEmpty()) {
      RpcPb.QueryHints.Builder q = RpcPb.QueryHints.newBuilder().setStepMillis(h.step());
      String func = h.func();
      if (func != null) {
        q.setFunc(RpcPb.Func.newBuilder().setName(func));
      }
      if (!h.grouping().isEmpty() || h.by()) {
        q.setGrouping(RpcPb.Grouping.newBuilder().setBy(h.by()).addAllLabels(h.grouping()));
      }
      if (h.range() != 0) {
        q.setRange(RpcPb.Range.newBuilder().setMillis(h.range()));
      }
      b.setQueryHints(q);
    }
    return b.build();
  }

  /** The aggregates a Thanos querier asks for a function (used only by downsampled stores). */
  static List<RpcPb.Aggr> aggregates(@Nullable String func) {
    if (func == null) {
      return List.of(RpcPb.Aggr.COUNT, RpcPb.Aggr.SUM);
    }
    if (func.startsWith("min")) {
      return List.of(RpcPb.Aggr.MIN);
    }
    if (func.startsWith("max")) {
      return List.of(RpcPb.Aggr.MAX);
    }
    if (func.startsWith("count")) {
      return List.of(RpcPb.Aggr.COUNT);
    }
    if (func.startsWith("sum_")) {
      return List.of(RpcPb.Aggr.SUM);
    }
    return switch (func) {
      case "rate", "irate", "increase", "resets" -> List.of(RpcPb.Aggr.COUNTER);
      default -> List.of(RpcPb.Aggr.COUNT, RpcPb.Aggr.SUM);
    };
  }

  private static TypesPb.PartialResponseStrategy strategy(boolean partial) {
    return partial ? TypesPb.PartialResponseStrategy.WARN : TypesPb.PartialResponseStrategy.ABORT;
  }

  private static boolean partial(
      TypesPb.PartialResponseStrategy strategy, boolean partialResponseDisabled) {
    return strategy != TypesPb.PartialResponseStrategy.ABORT && !partialResponseDisabled;
  }

  /**
   * @throws InvalidRequestException for bad matchers, an inverted time range or sharding (which
   *     this store does not advertise)
   */
  static SeriesRequest fromPb(RpcPb.SeriesRequest r) {
    if (r.getMinTime() > r.getMaxTime()) {
      throw new InvalidRequestException(
          "min_time " + r.getMinTime() + " is after max_time " + r.getMaxTime());
    }
    if (r.hasShardInfo() && r.getShardInfo().getTotalShards() > 1) {
      throw new InvalidRequestException("sharded requests are not supported by this store");
    }
    if (r.getLimit() < 0) {
      throw new InvalidRequestException("limit must not be negative: " + r.getLimit());
    }
    List<Matcher> matchers = fromPb(r.getMatchersList());
    long step = r.getStep();
    long range = r.getRange();
    String func = null;
    List<String> grouping = List.of();
    boolean by = false;
    if (r.hasQueryHints()) {
      RpcPb.QueryHints q = r.getQueryHints();
      step = q.getStepMillis();
      range = q.hasRange() ? q.getRange().getMillis() : range;
      func = q.hasFunc() && !q.getFunc().getName().isEmpty() ? q.getFunc().getName() : null;
      if (q.hasGrouping()) {
        grouping = List.copyOf(q.getGrouping().getLabelsList());
        by = q.getGrouping().getBy();
      }
    }
    SelectHints hints =
        new SelectHints(
            r.getMinTime(),
            r.getMaxTime(),
            step,
            range,
            func,
            grouping,
            by,
            (int) Math.min(r.getLimit(), Integer.MAX_VALUE));
    return new SeriesRequest(
        r.getMinTime(),
        r.getMaxTime(),
        matchers,
        List.copyOf(r.getWithoutReplicaLabelsList()),
        r.getSkipChunks(),
        partial(r.getPartialResponseStrategy(), r.getPartialResponseDisabled()),
        hints,
        r.getLimit(),
        r.getSampleBounds());
  }

  static RpcPb.LabelNamesRequest toLabelNamesPb(LabelRequest r) {
    RpcPb.LabelNamesRequest.Builder b =
        RpcPb.LabelNamesRequest.newBuilder()
            .setStart(r.minTime())
            .setEnd(r.maxTime())
            .setPartialResponseStrategy(strategy(r.partialResponse()))
            .setPartialResponseDisabled(!r.partialResponse())
            .addAllWithoutReplicaLabels(r.withoutReplicaLabels())
            .setLimit(r.limit());
    r.matchers().forEach(m -> b.addMatchers(toPb(m)));
    return b.build();
  }

  static RpcPb.LabelValuesRequest toLabelValuesPb(String name, LabelRequest r) {
    RpcPb.LabelValuesRequest.Builder b =
        RpcPb.LabelValuesRequest.newBuilder()
            .setLabel(name)
            .setStart(r.minTime())
            .setEnd(r.maxTime())
            .setPartialResponseStrategy(strategy(r.partialResponse()))
            .setPartialResponseDisabled(!r.partialResponse())
            .addAllWithoutReplicaLabels(r.withoutReplicaLabels())
            .setLimit(r.limit());
    r.matchers().forEach(m -> b.addMatchers(toPb(m)));
    return b.build();
  }

  /**
   * @throws InvalidRequestException for bad matchers, an inverted range or a negative limit
   */
  static LabelRequest fromPb(RpcPb.LabelNamesRequest r) {
    return labelRequest(
        r.getStart(),
        r.getEnd(),
        r.getMatchersList(),
        r.getWithoutReplicaLabelsList(),
        partial(r.getPartialResponseStrategy(), r.getPartialResponseDisabled()),
        r.getLimit());
  }

  /**
   * @throws InvalidRequestException as for label names, and for an empty label name
   */
  static LabelRequest fromPb(RpcPb.LabelValuesRequest r) {
    if (r.getLabel().isEmpty()) {
      throw new InvalidRequestException("label name parameter cannot be empty");
    }
    return labelRequest(
        r.getStart(),
        r.getEnd(),
        r.getMatchersList(),
        r.getWithoutReplicaLabelsList(),
        partial(r.getPartialResponseStrategy(), r.getPartialResponseDisabled()),
        r.getLimit());
  }

  private static LabelRequest labelRequest(
      long start,
      long end,
      List<TypesPb.LabelMatcher> matchers,
      List<String> without,
      boolean partial,
      long limit) {
    if (start > end) {
      throw new InvalidRequestException("start " + start + " is after end " + end);
    }
    if (limit < 0) {
      throw new InvalidRequestException("limit must not be negative: " + limit);
    }
    return new LabelRequest(start, end, fromPb(matchers), List.copyOf(without), partial, limit);
  }

  // ---------------------------------------------------------------------------- series

  static List<LabelPb.Label> toPb(Labels labels) {
    List<LabelPb.Label> out = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.add(LabelPb.Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
    }
    return out;
  }

  /** Labels from the wire; sorted, duplicate-free input (what stores send) is taken as is. */
  static Labels fromPbLabels(List<LabelPb.Label> labels) {
    String[] pairs = new String[labels.size() * 2];
    int n = 0;
    for (LabelPb.Label l : labels) {
      pairs[n++] = l.getName();
      pairs[n++] = l.getValue();
    }
    return labelsFromPairs(pairs);
  }

  /**
   * Labels from alternating names and values as they came on the wire: sorted, duplicate-free
   * pairs without empty values (what stores send) are taken as is, and the array is then owned by
   * the labels; anything else is normalised as {@link LabelsBuilder} does (an empty value removes
   * its name, the last value of a name given twice wins).
   */
  static Labels labelsFromPairs(String[] pairs) {
    boolean sorted = true;
    for (int i = 0; i < pairs.length && sorted; i += 2) {
      if (pairs[i + 1].isEmpty() || (i > 0 && Utf8Order.compare(pairs[i - 2], pairs[i]) >= 0)) {
        sorted = false;
      }
    }
    if (sorted) {
      return Labels.ofSortedPairs(pairs);
    }
    LabelsBuilder b = new LabelsBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      b.set(pairs[i], pairs[i + 1]);
    }
    return b.build();
  }

  /** The wire encoding of a chunk: one less than its TSDB encoding byte. */
  static TypesPb.Chunk.Encoding toPb(Encoding e) {
    return switch (e) {
      case XOR -> TypesPb.Chunk.Encoding.XOR;
      case HISTOGRAM -> TypesPb.Chunk.Encoding.HISTOGRAM;
      case FLOAT_HISTOGRAM -> TypesPb.Chunk.Encoding.FLOAT_HISTOGRAM;
      default ->
          throw new IllegalStateException("chunk encoding " + e + " has no StoreAPI encoding");
    };
  }

  /**
   * A chunk as sent: its bytes are wrapped, not copied, as the chunks of a {@link
   * io.argus.store.StoreSeriesSet} never change (see there).
   */
  static TypesPb.AggrChunk toPb(ChunkMeta c) {
    Chunk chunk = c.chunk();
    return TypesPb.AggrChunk.newBuilder()
        .setMinTime(c.minTime())
        .setMaxTime(c.maxTime())
        .setRaw(
            TypesPb.Chunk.newBuilder()
                .setType(toPb(chunk.encoding()))
                .setData(UnsafeByteOperations.unsafeWrap(chunk.bytes(), 0, chunk.byteLength())))
        .build();
  }

  /**
   * The chunk that stands for a {@link SampleBoundsSeries} on the wire: its min and max time are
   * the series' first and last sample times, and it has no data (no raw chunk, no aggregates),
   * which no chunk of a chunk answer lacks.
   */
  static TypesPb.AggrChunk boundsChunk(SampleBoundsSeries s) {
    return TypesPb.AggrChunk.newBuilder()
        .setMinTime(s.firstTime())
        .setMaxTime(s.lastTime())
        .build();
  }

  /** Whether {@code c} carries no data: neither a raw chunk nor a downsampled aggregate. */
  static boolean dataless(TypesPb.AggrChunk c) {
    return !c.hasRaw()
        && !c.hasCount()
        && !c.hasSum()
        && !c.hasMin()
        && !c.hasMax()
        && !c.hasCounter();
  }

  /** A series as sent: a {@link SampleBoundsSeries} as its {@link #boundsChunk bounds chunk}. */
  static TypesPb.Series toPb(ChunkSeries s) {
    TypesPb.Series.Builder b = TypesPb.Series.newBuilder().addAllLabels(toPb(s.labels()));
    if (s instanceof SampleBoundsSeries bounds) {
      return b.addChunks(boundsChunk(bounds)).build();
    }
    for (ChunkMeta c : s.chunks()) {
      b.addChunks(toPb(c));
    }
    return b.build();
  }

  /** {@link #fromPb(TypesPb.Series, int[], boolean)} of a chunk answer. */
  static ChunkSeries fromPb(TypesPb.Series s, int[] skipped) {
    return fromPb(s, skipped, false);
  }

  /**
   * Decodes a received series. In the answer to a {@link SeriesRequest#sampleBounds()} request, a
   * series whose chunks are exactly one chunk without data becomes a {@link SampleBoundsSeries};
   * other series (a store that ignored the request sends chunks) are decoded as in a chunk answer,
   * chunks without data left out uncounted. Otherwise the raw XOR chunks are decoded (copying their
   * bytes) and other chunks (native histograms, downsampled aggregates) are counted in {@code
   * skipped} and left out. The client reads frames with {@link SeriesFrameParser}, which gives the
   * same series; this is its reference.
   *
   * @throws IllegalArgumentException for a bounds chunk whose max time is before its min time, or a
   *     raw XOR chunk too short to be one
   */
  static ChunkSeries fromPb(TypesPb.Series s, int[] skipped, boolean sampleBounds) {
    if (sampleBounds && s.getChunksCount() == 1 && dataless(s.getChunks(0))) {
      TypesPb.AggrChunk c = s.getChunks(0);
      String invalid = invalidBounds(c.getMinTime(), c.getMaxTime());
      if (invalid != null) {
        throw new IllegalArgumentException(invalid);
      }
      return new SampleBoundsSeries(
          fromPbLabels(s.getLabelsList()), c.getMinTime(), c.getMaxTime());
    }
    List<ChunkMeta> chunks = new ArrayList<>(s.getChunksCount());
    for (TypesPb.AggrChunk c : s.getChunksList()) {
      if (!c.hasRaw() || c.getRaw().getType() != TypesPb.Chunk.Encoding.XOR) {
        if (!sampleBounds || !dataless(c)) {
          skipped[0]++;
        }
        continue;
      }
      byte[] data = c.getRaw().getData().toByteArray();
      chunks.add(
          new ChunkMeta(0, c.getMinTime(), c.getMaxTime(), XorChunk.wrap(data, 0, data.length)));
    }
    return new DecodedSeries(fromPbLabels(s.getLabelsList()), chunks);
  }

  /** Why a bounds chunk with these times is invalid, or null when it is valid. */
  static @Nullable String invalidBounds(long minTime, long maxTime) {
    if (maxTime < minTime) {
      return "invalid sample bounds chunk: max time " + maxTime + " before min time " + minTime;
    }
    return null;
  }

  /** A series received from a store. */
  record DecodedSeries(Labels labels, List<ChunkMeta> chunks) implements ChunkSeries {
    DecodedSeries {
      chunks = List.copyOf(chunks);
    }

    /** Whether {@code next}'s chunks all start after this series' last chunk ends. */
    boolean continuedBy(DecodedSeries next) {
      if (chunks.isEmpty() || next.chunks.isEmpty() || !labels.equals(next.labels)) {
        return false;
      }
      return next.chunks.get(0).minTime() > chunks.get(chunks.size() - 1).maxTime();
    }

    DecodedSeries concat(DecodedSeries next) {
      List<ChunkMeta> all = new ArrayList<>(chunks.size() + next.chunks.size());
      all.addAll(chunks);
      all.addAll(next.chunks);
      return new DecodedSeries(labels, all);
    }
  }

  // ---------------------------------------------------------------------------- info

  static InfoPb.InfoResponse toPb(StoreInfo info) {
    InfoPb.StoreInfo.Builder store =
        InfoPb.StoreInfo.newBuilder()
            .setMinTime(info.minTime())
            .setMaxTime(info.maxTime())
            .setSupportsWithoutReplicaLabels(info.supportsWithoutReplicaLabels());
    InfoPb.InfoResponse.Builder b =
        InfoPb.InfoResponse.newBuilder().setComponentType(info.componentType());
    for (Labels set : info.labelSets()) {
      LabelPb.ZLabelSet pb = LabelPb.ZLabelSet.newBuilder().addAllLabels(toPb(set)).build();
      b.addLabelSets(pb);
      store.addTsdbInfos(
          InfoPb.TSDBInfo.newBuilder()
              .setLabels(pb)
              .setMinTime(info.minTime())
              .setMaxTime(info.maxTime()));
    }
    return b.setStore(store).build();
  }

  /** The store part of an Info answer; a component without the Store API holds nothing. */
  static StoreInfo fromPb(InfoPb.InfoResponse r) {
    List<Labels> sets = new ArrayList<>(r.getLabelSetsCount());
    for (LabelPb.ZLabelSet s : r.getLabelSetsList()) {
      sets.add(fromPbLabels(s.getLabelsList()));
    }
    if (!r.hasStore()) {
      return new StoreInfo(sets, Long.MAX_VALUE, Long.MIN_VALUE, r.getComponentType(), false);
    }
    InfoPb.StoreInfo s = r.getStore();
    return new StoreInfo(
        sets,
        s.getMinTime(),
        s.getMaxTime(),
        r.getComponentType(),
        s.getSupportsWithoutReplicaLabels());
  }
}
