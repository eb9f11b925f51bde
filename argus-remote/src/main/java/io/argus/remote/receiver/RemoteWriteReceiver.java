package io.argus.remote.receiver;

import io.argus.model.labels.Labels;
import io.argus.remote.proto.ProtoException;
import io.argus.remote.proto.SeriesView;
import io.argus.remote.proto.WriteRequestV1Decoder;
import io.argus.remote.proto.WriteRequestV2Decoder;
import io.argus.remote.proto.WriteRequestVisitor;
import io.argus.storage.Appendable;
import io.argus.storage.Appender;
import io.argus.storage.DuplicateSampleException;
import io.argus.storage.OutOfBoundsException;
import io.argus.storage.OutOfOrderSampleException;
import io.argus.storage.StorageException;
import io.argus.storage.TooOldSampleException;
import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores decoded remote-write requests. Each request is one appender batch, decoded straight from
 * the uncompressed bytes into {@link Appender#append} (no per-sample objects).
 *
 * <p>Rules, following Prometheus' {@code storage/remote/write_handler.go} (2.0 flow for both
 * versions): malformed protobuf or label sets (see the decoders) reject the whole request with 400
 * and store nothing; a series without {@code __name__}, a 2.0 series without samples, native
 * histograms (not supported here, counted), and samples the storage refuses (out of order, out of
 * bounds, too old, duplicate with another value, or more than 10 minutes in the future) are
 * reported per series in a 400 while the rest of the request is stored; any other storage failure
 * rolls the request back and answers 500 so that the sender retries. With an {@link HaTracker},
 * requests from a non-elected replica are dropped with 202 and the elected replica's label is
 * removed from every series before storage.
 *
 * <p>Thread-safe: requests may be written concurrently.
 */
public final class RemoteWriteReceiver {
  private static final Logger logger = LoggerFactory.getLogger(RemoteWriteReceiver.class);
  static final long MAX_AHEAD_MS = 10 * 60 * 1000;
  private static final int MAX_LISTED_ERRORS = 10;

  private final Appendable storage;
  private final Clock clock;
  private final @Nullable HaTracker ha;
  private final Counter invalidLabelSamples;
  private final Counter rejectedHistograms;
  private final Counter droppedExemplars;
  private final ConcurrentLinkedQueue<Decoders> decoders = new ConcurrentLinkedQueue<>();

  private static final class Decoders {
    final WriteRequestV1Decoder v1 = new WriteRequestV1Decoder();
    final WriteRequestV2Decoder v2 = new WriteRequestV2Decoder();
  }

  /**
   * @param ha the HA tracker, or null to store every request as is
   */
  public RemoteWriteReceiver(
      Appendable storage, Clock clock, @Nullable HaTracker ha, PrometheusRegistry registry) {
    this.storage = storage;
    this.clock = clock;
    this.ha = ha;
    invalidLabelSamples =
        Counter.builder()
            .name("prometheus_api_remote_write_invalid_labels_samples_total")
            .help(
                "The total number of received remote write samples and histogram samples which"
                    + " were rejected due to invalid labels.")
            .register(registry);
    rejectedHistograms =
        Counter.builder()
            .name("argus_remote_write_rejected_histograms_total")
            .help("Native histogram samples received by remote write and rejected (unsupported).")
            .register(registry);
    droppedExemplars =
        Counter.builder()
            .name("argus_remote_write_dropped_exemplars_total")
            .help("Exemplars received by remote write and dropped (exemplars are not stored).")
            .register(registry);
  }

  /** Writes the uncompressed request {@code buf[off, off+len)} of {@code protocol}. */
  public WriteResult write(WriteProtocol protocol, byte[] buf, int off, int len) {
    Decoders d = decoders.poll();
    if (d == null) {
      d = new Decoders();
    }
    try {
      return write(d, protocol, buf, off, len);
    } finally {
      decoders.offer(d);
    }
  }

  private WriteResult write(Decoders d, WriteProtocol protocol, byte[] buf, int off, int len) {
    Appender app = storage.appender();
    Batch batch = new Batch(app, protocol, clock.millis() + MAX_AHEAD_MS);
    try {
      if (protocol == WriteProtocol.V1) {
        d.v1.decode(buf, off, len, batch);
      } else {
        d.v2.decode(buf, off, len, batch);
      }
    } catch (ProtoException e) {
      app.rollback();
      logger
          .atWarn()
          .addKeyValue("protobuf_message", protocol.messageName())
          .addKeyValue("err", e.getMessage())
          .log("error decoding remote write request");
      return new WriteResult(400, e.getMessage(), 0, 0, 0);
    } catch (StorageException e) {
      app.rollback();
      logger.atError().setCause(e).log("error while remote writing the request");
      return new WriteResult(500, e.getMessage() == null ? e.toString() : e.getMessage(), 0, 0, 0);
    } catch (RuntimeException e) {
      app.rollback();
      throw e;
    }
    HaTracker.Decision decision = batch.decision;
    if (decision instanceof HaTracker.Reject r) {
      app.rollback();
      if (ha != null) {
        ha.countDeduped(r.cluster(), batch.seen);
      }
      return new WriteResult(
          202,
          "replicas did not match, rejecting sample: replica=%s, elected=%s"
              .formatted(r.replica(), r.elected()),
          0,
          0,
          0);
    }
    if (decision instanceof HaTracker.TooManyClusters t) {
      app.rollback();
      return new WriteResult(400, "too many HA clusters (limit: %d)".formatted(t.limit()), 0, 0, 0);
    }
    try {
      app.commit();
    } catch (StorageException e) {
      logger.atError().setCause(e).log("commit of remote write request failed");
      return new WriteResult(500, e.getMessage() == null ? e.toString() : e.getMessage(), 0, 0, 0);
    }
    if (batch.invalidLabelSamples > 0) {
      invalidLabelSamples.inc(batch.invalidLabelSamples);
    }
    if (batch.histograms > 0) {
      rejectedHistograms.inc(batch.histograms);
    }
    if (batch.exemplars > 0) {
      droppedExemplars.inc(batch.exemplars);
    }
    if (batch.errors.isEmpty()) {
      return new WriteResult(204, "", batch.samples, 0, 0);
    }
    logger
        .atWarn()
        .addKeyValue("errors", batch.errorCount)
        .addKeyValue("first", batch.errors.getFirst())
        .log("remote write request partly rejected");
    StringBuilder msg = new StringBuilder(String.join("\n", batch.errors));
    if (batch.errorCount > batch.errors.size()) {
      msg.append("\n... and ").append(batch.errorCount - batch.errors.size()).append(" more errors");
    }
    return new WriteResult(400, msg.toString(), batch.samples, 0, 0);
  }

  /** The appending visitor of one request. */
  private final class Batch implements WriteRequestVisitor {
    final Appender app;
    final WriteProtocol protocol;
    final long maxTime;
    HaTracker.@Nullable Decision decision;
    @Nullable String dropLabel;
    long samples;
    long seen;
    long histograms;
    long exemplars;
    long invalidLabelSamples;
    int errorCount;
    final List<String> errors = new ArrayList<>();

    Batch(Appender app, WriteProtocol protocol, long maxTime) {
      this.app = app;
      this.protocol = protocol;
      this.maxTime = maxTime;
    }

    private void error(String message) {
      errorCount++;
      if (errors.size() < MAX_LISTED_ERRORS) {
        errors.add(message);
      }
    }

    @Override
    public void series(SeriesView s) {
      seen += s.sampleCount() + s.histogramCount();
      if (decision == null) {
        HaTracker tracker = ha;
        decision = tracker == null ? new HaTracker.NotHa() : tracker.decide(s.labels());
        if (decision instanceof HaTracker.Accept a) {
          dropLabel = a.replicaLabel();
        }
      }
      if (!(decision instanceof HaTracker.NotHa || decision instanceof HaTracker.Accept)) {
        return; // dropped as a whole; keep decoding to validate and count
      }
      Labels labels = s.labels();
      String drop = dropLabel;
      if (drop != null && labels.has(drop)) {
        labels = labels.toBuilder().delete(drop).build();
      }
      exemplars += s.exemplarCount();
      if (!labels.has("__name__")) {
        invalidLabelSamples += s.sampleCount() + s.histogramCount();
        error("invalid metric name or labels, got " + labels);
        return;
      }
      if (protocol == WriteProtocol.V2 && s.sampleCount() == 0 && s.histogramCount() == 0) {
        error("TimeSeries must contain at least one sample or histogram for series " + labels);
        return;
      }
      long ref = s.storageRef(drop);
      for (int i = 0; i < s.sampleCount(); i++) {
        long t = s.timestamp(i);
        if (t > maxTime) {
          error(
              OutOfBoundsException.MESSAGE
                  + ": timestamp is too far in the future for series "
                  + labels);
          continue;
        }
        try {
          ref = app.append(ref, labels, t, s.value(i));
          samples++;
        } catch (OutOfOrderSampleException
            | OutOfBoundsException
            | DuplicateSampleException
            | TooOldSampleException e) {
          error(e.getMessage() + " for series " + labels);
        }
      }
      if (ref != 0) {
        s.storageRef(drop, ref);
      }
      if (s.histogramCount() > 0) {
        histograms += s.histogramCount();
        error(
            "native histograms are not supported: dropped "
                + s.histogramCount()
                + " histogram samples for series "
                + labels);
      }
    }
  }
}
