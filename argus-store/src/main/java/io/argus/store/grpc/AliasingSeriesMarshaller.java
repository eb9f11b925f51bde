package io.argus.store.grpc;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.StoreGrpc;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Parses {@code Series} response frames so that their chunk bytes are views into the frame's own
 * array instead of copies: each frame is read once into an array of its exact size and parsed with
 * aliasing, and {@link #view} hands out a bytes field as (array, offset, length). The frame array
 * is never written after parsing, so the views stay valid for as long as a chunk references them.
 * Serialising (the request side) is protobuf's own. Stateless and thread-safe.
 */
final class AliasingSeriesMarshaller implements MethodDescriptor.Marshaller<RpcPb.SeriesResponse> {
  /** The {@code Series} method with this marshaller for its responses. */
  static final MethodDescriptor<RpcPb.SeriesRequest, RpcPb.SeriesResponse> SERIES_METHOD =
      StoreGrpc.getSeriesMethod().toBuilder()
          .setResponseMarshaller(new AliasingSeriesMarshaller())
          .build();

  private final MethodDescriptor.Marshaller<RpcPb.SeriesResponse> protobuf =
      StoreGrpc.getSeriesMethod().getResponseMarshaller();

  @Override
  public InputStream stream(RpcPb.SeriesResponse value) {
    return protobuf.stream(value);
  }

  @Override
  public RpcPb.SeriesResponse parse(InputStream stream) {
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
      // A stream over a byte string is over immutable bytes: only such a stream aliases them.
      CodedInputStream in = UnsafeByteOperations.unsafeWrap(frame).newCodedInput();
      in.enableAliasing(true);
      return RpcPb.SeriesResponse.parseFrom(in);
    } catch (IOException e) {
      throw Status.INTERNAL
          .withDescription("invalid series frame: " + e.getMessage())
          .withCause(e)
          .asRuntimeException();
    }
  }

  /** A range of an array: where the bytes of a {@link ByteString} are. */
  record ArrayView(byte[] array, int offset, int length) {}

  /**
   * The bytes of {@code bytes} as a range of the array holding them when they are one contiguous
   * range of an array (as with aliased parsing), else as a copy.
   */
  static ArrayView view(ByteString bytes) {
    Capture capture = new Capture();
    try {
      UnsafeByteOperations.unsafeWriteTo(bytes, capture);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory byte string failed to write", e);
    }
    if (capture.parts == 1 && capture.array != null && capture.length == bytes.size()) {
      return new ArrayView(capture.array, capture.offset, capture.length);
    }
    return new ArrayView(bytes.toByteArray(), 0, bytes.size());
  }

  /** Records the array range of a byte string written in one lazy piece. */
  private static final class Capture extends ByteOutput {
    byte @Nullable [] array;
    int offset;
    int length;
    int parts;

    @Override
    public void write(byte value) {
      parts += 2;
    }

    @Override
    public void write(byte[] value, int offset, int length) {
      parts += 2;
    }

    @Override
    public void writeLazy(byte[] value, int offset, int length) {
      parts++;
      this.array = value;
      this.offset = offset;
      this.length = length;
    }

    @Override
    public void write(ByteBuffer value) {
      parts += 2;
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      parts += 2;
    }
  }
}
