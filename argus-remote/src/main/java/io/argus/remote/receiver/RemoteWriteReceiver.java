package io.argus.remote.receiver;

import io.argus.model.labels.Labels;
import io.argus.remote.proto.LabelsCache;
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
 * Stores decoded remote-write requests. Each request is decoded once, straight from the
 * uncompressed bytes into one appender batch (no per-sample objects). Samples of series the decoder
 * already knows a storage reference for are staged in the batch at once; series new to it are
 * buffered and appended only once the whole request has been decoded and found valid, so that a
 * rejected request creates no series (a staged batch is invisible until committed).
 *
 * <p>Validation-class errors reject the whole request with 400 and store nothing, for both protocol
 * versions: malformed protobuf, label names empty, unsorted or repeated, invalid UTF-8, odd or
 * out-of-range 2.0 symbol references (see the decoders) and a series without {@code __name__}.
 * (Prometheus 2.42 sorts unsorted labels, answers 500 to repeated names and stores or, since 2.5x,
 * silently skips the other invalid series; here they are all 400s.)
 *
 * <p>Storage-class errors follow Prometheus' {@code storage/remote/write_handler.go}: a sample the
 * storage refuses (out of order, out of bounds, too old, duplicate with another value, or more than
 * 10 minutes in the future) rolls a 1.0 request back as a whole and answers 400 naming the series;
 * in a 2.0 request it is reported per series in a 400 while the rest of the request is stored (the
 * 2.0 spec's partial write), as is a 2.0 series without samples. Native histograms (not supported
 * here) are counted and reported per series in a 400 for both versions, the rest being stored. Any
 * other storage failure rolls the request back and answers 500 so that the sender retries. With an
 * {@link HaTracker}, requests from a non-elected replica are dropped with 202 and the elected
 * replica's label is removed from every series before storage.
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
  private final LabelsCache labelsCache = LabelsCache.forHeap();

  private static final class Decoders {
    final WriteRequestV1Decoder v1;
    final WriteRequestV2Decoder v2 = new WriteRequestV2Decoder();

    Decoders(LabelsCache cache) {
      v1 = new WriteRequestV1Decoder(cache);
    }

    void decode(WriteProtocol protocol, byte[] buf, int off, int len, WriteRequestVisitor visitor) {
      if (protocol == WriteProtocol.V1) {
        v1.decode(buf, off, len, visitor);
      } else {
        v2.decode(buf, off, len, visitor);
      }
    }
  }

  /** Thrown by a 1.0 batch on the first sample the storage refuses: the request is rolled back. */
  private static final class RollBack extends RuntimeException {
    RollBack() {
      super(null, null, false, false);
    }
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
      d = new Decoders(labelsCache);
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
      d.decode(protocol, buf, off, len, batch);
      if (batch.invalidSeries == 0 && batch.accepted()) {
        batch.appendDeferred();
      }
    } catch (ProtoException e) {
      app.rollback();
      logger
          .atWarn()
          .addKeyValue("protobuf_message", protocol.messageName())
          .addKeyValue("err", e.getMessage())
          .log("error decoding remote write request");
      return new WriteResult(400, e.getMessage(), 0, 0, 0);
    } catch (RollBack e) {
      app.rollback();
      logger
          .atWarn()
          .addKeyValue("err", batch.errors.getFirst())
          .log("remote write request rolled back: sample refused by the storage");
      return new WriteResult(400, batch.errors.getFirst(), 0, 0, 0);
    } catch (StorageException e) {
      app.rollback();
      logger.atError().setCause(e).log("error while remote writing the request");
      return new WriteResult(500, e.getMessage() == null ? e.toString() : e.getMessage(), 0, 0, 0);
    } catch (RuntimeException e) {
      app.rollback();
      throw e;
    }
    if (batch.invalidSeries > 0) {
      app.rollback();
      invalidLabelSamples.inc(batch.invalidSamples);
      logger
          .atWarn()
          .addKeyValue("series", batch.invalidSeries)
          .addKeyValue("first", batch.invalidErrors.getFirst())
          .log("remote write request rejected: invalid metric names or labels");
      return new WriteResult(400, joined(batch.invalidErrors, batch.invalidSeries), 0, 0, 0);
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
    return new WriteResult(400, joined(batch.errors, batch.errorCount), batch.samples, 0, 0);
  }

  private static String joined(List<String> errors, long total) {
    StringBuilder msg = new StringBuilder(String.join("\n", errors));
    if (total > errors.size()) {
      msg.append("\n... and ").append(total - errors.size()).append(" more errors");
    }
    return msg.toString();
  }

  /** The samples of a series new to the decoder, appended after the whole request decoded. */
  private record Deferred(
      Labels labels, long[] timestamps, double[] values, SeriesView.RefSlot slot) {}

  /** The appending visitor of one request. */
  private final class Batch implements WriteRequestVisitor {
    final Appender app;
    final WriteProtocol protocol;
    final long maxTime;
    HaTracker.@Nullable Decision decision;
    @Nullable String dropLabel;
    long samples;
    long seen;
    long invalidSeries;
    long invalidSamples;
    final List<String> invalidErrors = new ArrayList<>();
    final List<Deferred> deferred = new ArrayList<>();
    long histograms;
    long exemplars;
    int errorCount;
    final List<String> errors = new ArrayList<>();

    Batch(Appender app, WriteProtocol protocol, long maxTime) {
      this.app = app;
      this.protocol = protocol;
      this.maxTime = maxTime;
    }

    /** Stages one sample; returns the series reference (unchanged when the sample is refused). */
    private long append(long ref, Labels labels, long t, double v) {
      if (t > maxTime) {
        refused(
            OutOfBoundsException.MESSAGE
                + ": timestamp is too far in the future for series "
                + labels);
        return ref;
      }
      try {
        long r = app.append(ref, labels, t, v);
        samples++;
        return r;
      } catch (OutOfOrderSampleException
          | OutOfBoundsException
          | DuplicateSampleException
          | TooOldSampleException e) {
        refused(e.getMessage() + " for series " + labels);
        return ref;
      }
    }

    /** Appends the buffered samples of series new to the decoder, in request order. */
    void appendDeferred() {
      String drop = dropLabel;
      for (Deferred d : deferred) {
        long ref = 0;
        for (int i = 0; i < d.timestamps().length; i++) {
          ref = append(ref, d.labels(), d.timestamps()[i], d.values()[i]);
        }
        if (ref != 0) {
          d.slot().storageRef(drop, ref);
        }
      }
    }

    /** Whether the request's samples are to be stored (not from a rejected HA replica). */
    boolean accepted() {
      return decision == null
          || decision instanceof HaTracker.NotHa
          || decision instanceof HaTracker.Accept;
    }

    /** A sample the storage refused: fatal to a 1.0 request, reported per series in 2.0. */
    private void refused(String message) {
      error(message);
      if (protocol == WriteProtocol.V1) {
        throw new RollBack();
      }
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
      Labels labels = s.labels();
      String drop = dropLabel;
      if (drop != null && labels.has(drop)) {
        labels = labels.toBuilder().delete(drop).build();
      }
      exemplars += s.exemplarCount();
      if (labels == s.labels() ? !s.hasMetricName() : !labels.has("__name__")) {
        invalidSeries++;
        invalidSamples += s.sampleCount() + s.histogramCount();
        if (invalidErrors.size() < MAX_LISTED_ERRORS) {
          invalidErrors.add("invalid metric name or labels, got " + labels);
        }
        return;
      }
      if (invalidSeries > 0 || !accepted()) {
        return; // the request will not be stored; keep decoding to validate it
      }
      if (protocol == WriteProtocol.V2 && s.sampleCount() == 0 && s.histogramCount() == 0) {
        error("TimeSeries must contain at least one sample or histogram for series " + labels);
        return;
      }
      long ref = s.storageRef(drop);
      if (ref == 0 && s.sampleCount() > 0) {
        // possibly a new series: create it only once the whole request is known to be valid
        int n = s.sampleCount();
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
          ts[i] = s.timestamp(i);
          vs[i] = s.value(i);
        }
        deferred.add(new Deferred(labels, ts, vs, s.refSlot()));
      } else {
        for (int i = 0; i < s.sampleCount(); i++) {
          ref = append(ref, labels, s.timestamp(i), s.value(i));
        }
        if (ref != 0) {
          s.storageRef(drop, ref);
        }
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
