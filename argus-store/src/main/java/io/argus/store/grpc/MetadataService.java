package io.argus.store.grpc;

import io.argus.store.StoreException;
import io.argus.store.grpc.pb.MetadataGrpc;
import io.argus.store.grpc.pb.MetadataPb;
import io.argus.store.grpc.pb.TypesPb;
import io.argus.store.metadata.MetadataResult;
import io.argus.store.metadata.MetricMeta;
import io.argus.store.metadata.MetricMetadataSource;
import io.argus.util.Clock;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code thanos.Metadata} service over a {@link MetricMetadataSource}. The families go out in
 * name order in frames of about {@code maxFrameBytes} (a frame holds at least one family), then one
 * frame per warning. A {@code limit} of 0 or less means no limit (0 is what a client that does not
 * set the field sends). A source failure fails the call with {@code ABORTED} under ABORT and
 * becomes a warning frame under WARN; anything else is {@code INTERNAL}.
 */
final class MetadataService extends MetadataGrpc.MetadataImplBase {
  private static final Logger logger = LoggerFactory.getLogger(MetadataService.class);
  private static final String METHOD = "MetricMetadata";

  private final MetricMetadataSource source;
  private final int maxFrameBytes;
  private final ServerMetrics metrics;
  private final Clock clock;

  MetadataService(
      MetricMetadataSource source, int maxFrameBytes, ServerMetrics metrics, Clock clock) {
    this.source = source;
    this.maxFrameBytes = maxFrameBytes;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void metricMetadata(
      MetadataPb.MetricMetadataRequest request,
      StreamObserver<MetadataPb.MetricMetadataResponse> out) {
    long start = clock.nanoTime();
    boolean partial = request.getPartialResponseStrategy() != TypesPb.PartialResponseStrategy.ABORT;
    int limit = request.getLimit() <= 0 ? -1 : request.getLimit();
    MetadataResult result;
    try {
      result = source.metricMetadata(request.getMetric(), limit, partial);
    } catch (StoreException e) {
      logger
          .atWarn()
          .addKeyValue("partial_response", partial)
          .addKeyValue("err", e.getMessage())
          .log("metric metadata call failed");
      if (!partial) {
        out.onError(Status.ABORTED.withDescription(e.getMessage()).asRuntimeException());
        metrics.done(METHOD, "Aborted", clock.nanoTime() - start);
        return;
      }
      result = new MetadataResult(Map.of(), List.of(String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      logger.atError().setCause(e).log("metric metadata call failed");
      out.onError(
          Status.INTERNAL.withDescription(METHOD + ": " + e.getMessage()).asRuntimeException());
      metrics.done(METHOD, "Internal", clock.nanoTime() - start);
      return;
    }
    MetadataPb.MetricMetadata.Builder frame = MetadataPb.MetricMetadata.newBuilder();
    int frameBytes = 0;
    for (Map.Entry<String, List<MetricMeta>> e : result.metadata().entrySet()) {
      MetadataPb.MetricMetadataEntry.Builder entry = MetadataPb.MetricMetadataEntry.newBuilder();
      for (MetricMeta m : e.getValue()) {
        entry.addMetas(
            MetadataPb.Meta.newBuilder().setType(m.type()).setHelp(m.help()).setUnit(m.unit()));
      }
      MetadataPb.MetricMetadataEntry built = entry.build();
      int size = e.getKey().length() + built.getSerializedSize() + 8;
      if (frameBytes > 0 && frameBytes + size > maxFrameBytes) {
        out.onNext(MetadataPb.MetricMetadataResponse.newBuilder().setMetadata(frame).build());
        frame = MetadataPb.MetricMetadata.newBuilder();
        frameBytes = 0;
      }
      frame.putMetadata(e.getKey(), built);
      frameBytes += size;
    }
    if (frameBytes > 0) {
      out.onNext(MetadataPb.MetricMetadataResponse.newBuilder().setMetadata(frame).build());
    }
    for (String w : result.warnings()) {
      out.onNext(MetadataPb.MetricMetadataResponse.newBuilder().setWarning(w).build());
    }
    out.onCompleted();
    metrics.done(METHOD, "OK", clock.nanoTime() - start);
  }
}
