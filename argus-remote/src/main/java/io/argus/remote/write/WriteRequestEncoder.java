package io.argus.remote.write;

import io.argus.model.labels.Labels;
import io.argus.remote.proto.ProtoWriter;
import io.argus.remote.proto.WriteRequestV1Encoder;
import io.argus.remote.proto.WriteRequestV2Encoder;

/**
 * Turns a batch of samples into one uncompressed protobuf write request, one {@code TimeSeries}
 * entry per sample as Prometheus' sender does. Not thread-safe (one per shard); the returned bytes
 * are valid in {@code [0, length())} until the next call.
 */
interface WriteRequestEncoder {
  /**
   * Encodes samples {@code [0, n)}.
   *
   * @param labels each sample's series (sorted, unique names)
   * @param t timestamps in Unix ms
   */
  void encode(Labels[] labels, long[] t, double[] v, int n);

  byte[] bytes();

  int length();

  /** Returns a fresh encoder for {@code protobufMessage} ({@code prometheus.WriteRequest} etc.). */
  static WriteRequestEncoder forMessage(String protobufMessage) {
    return switch (protobufMessage) {
      case "prometheus.WriteRequest" -> new V1();
      case "io.prometheus.write.v2.Request" -> new V2();
      default -> throw new IllegalArgumentException("unknown protobuf message " + protobufMessage);
    };
  }

  /** Remote write 1.0. */
  final class V1 implements WriteRequestEncoder {
    private final WriteRequestV1Encoder enc = new WriteRequestV1Encoder(64 * 1024);

    @Override
    public void encode(Labels[] labels, long[] t, double[] v, int n) {
      enc.clear();
      for (int i = 0; i < n; i++) {
        enc.beginSeries(labels[i]);
        enc.sample(t[i], v[i]);
        enc.endSeries();
      }
    }

    @Override
    public byte[] bytes() {
      return enc.writer().buffer();
    }

    @Override
    public int length() {
      return enc.writer().size();
    }
  }

  /** Remote write 2.0 (samples only; no metadata yet). */
  final class V2 implements WriteRequestEncoder {
    private final WriteRequestV2Encoder enc = new WriteRequestV2Encoder(64 * 1024);
    private final ProtoWriter out = new ProtoWriter(64 * 1024);

    @Override
    public void encode(Labels[] labels, long[] t, double[] v, int n) {
      enc.clear();
      for (int i = 0; i < n; i++) {
        enc.beginSeries(labels[i]);
        enc.sample(t[i], v[i]);
        enc.endSeries();
      }
      out.clear();
      enc.finish(out);
    }

    @Override
    public byte[] bytes() {
      return out.buffer();
    }

    @Override
    public int length() {
      return out.size();
    }
  }
}
