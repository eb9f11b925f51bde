package io.argus.store.grpc;

import io.argus.remote.proto.ProtoException;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.StoreGrpc;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * The client's reader of {@code Series} response frames: reads each frame once into an array of its
 * exact size and parses it with {@link SeriesFrameParser} (no protobuf message objects; chunks are
 * views into that array, which is never written afterwards). Requests are serialised by protobuf as
 * before, so the call is the StoreAPI's {@code thanos.Store/Series} on the wire. The answers to
 * {@link io.argus.store.SeriesRequest#sampleBounds() sample-bounds} requests are read by their own
 * marshaller ({@link #SERIES_BOUNDS_METHOD}). Stateless and thread-safe.
 */
final class SeriesFrameMarshaller
    implements MethodDescriptor.Marshaller<SeriesFrameParser.SeriesFrame> {
  /** The {@code Series} method with this marshaller for its responses (chunk answers). */
  static final MethodDescriptor<RpcPb.SeriesRequest, SeriesFrameParser.SeriesFrame> SERIES_METHOD =
      method(false);

  /** The {@code Series} method for the answers to sample-bounds requests. */
  static final MethodDescriptor<RpcPb.SeriesRequest, SeriesFrameParser.SeriesFrame>
      SERIES_BOUNDS_METHOD = method(true);

  private final boolean sampleBounds;

  /** A marshaller of chunk answers. */
  SeriesFrameMarshaller() {
    this(false);
  }

  /** A marshaller of the answers to sample-bounds requests or of chunk answers. */
  SeriesFrameMarshaller(boolean sampleBounds) {
    this.sampleBounds = sampleBounds;
  }

  private static MethodDescriptor<RpcPb.SeriesRequest, SeriesFrameParser.SeriesFrame> method(
      boolean sampleBounds) {
    return StoreGrpc.getSeriesMethod().toBuilder(
            StoreGrpc.getSeriesMethod().getRequestMarshaller(),
            new SeriesFrameMarshaller(sampleBounds))
        .build();
  }

  /**
   * Not supported: a client only receives {@code Series} responses.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public InputStream stream(SeriesFrameParser.SeriesFrame value) {
    throw new UnsupportedOperationException("series frames are parsed on the client, not sent");
  }

  /**
   * @throws io.grpc.StatusRuntimeException {@code INTERNAL} when the frame is not a valid {@code
   *     SeriesResponse} or shorter than announced
   */
  @Override
  public SeriesFrameParser.SeriesFrame parse(InputStream stream) {
    try {
      byte[] frame;
      if (stream instanceof KnownLength) {
        frame = new byte[stream.available()];
        int n = stream.readNBytes(frame, 0, frame.length);
        if (n != frame.length || stream.read() != -1) {
          throw new IOException("frame length differs from its announced " + frame.length);
        }
      } else {
        frame = stream.readAllBytes();
      }
      return SeriesFrameParser.parse(frame, sampleBounds);
    } catch (IOException | ProtoException e) {
      throw Status.INTERNAL
          .withDescription("invalid series frame: " + e.getMessage())
          .withCause(e)
          .asRuntimeException();
    }
  }
}
