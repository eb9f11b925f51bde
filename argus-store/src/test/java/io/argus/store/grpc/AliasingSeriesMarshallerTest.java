package io.argus.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.TypesPb;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AliasingSeriesMarshallerTest {
  private static ChunkMeta chunk(long from, int samples) {
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    for (int i = 0; i < samples; i++) {
      app.append(from + i * 15_000L, i * 1.5);
    }
    return new ChunkMeta(0, from, from + (samples - 1) * 15_000L, c);
  }

  private static RpcPb.SeriesResponse frame(List<Wire.DecodedSeries> series) {
    TypesPb.SeriesBatch.Builder batch = TypesPb.SeriesBatch.newBuilder();
    for (Wire.DecodedSeries s : series) {
      batch.addSeries(Wire.toPb(s));
    }
    return RpcPb.SeriesResponse.newBuilder().setBatch(batch).build();
  }

  private static List<String> samples(ChunkMeta c) {
    List<String> out = new ArrayList<>();
    SampleIterator it = c.chunk().iterator(null);
    while (it.next() == ValueType.FLOAT) {
      out.add(it.atT() + "=" + it.atFloat());
    }
    return out;
  }

  @Test
  void parse_chunkBytesAreViewsOfTheFrame_samplesUnchanged() {
    List<Wire.DecodedSeries> sent =
        List.of(
            new Wire.DecodedSeries(
                Labels.of("job", "a"), List.of(chunk(0, 120), chunk(2_000_000, 7))),
            new Wire.DecodedSeries(Labels.of("job", "b"), List.of(chunk(0, 1))));
    byte[] wire = frame(sent).toByteArray();
    AliasingSeriesMarshaller marshaller = new AliasingSeriesMarshaller();

    RpcPb.SeriesResponse parsed = marshaller.parse(new ByteArrayInputStream(wire));

    byte[] frameArray = null;
    int[] skipped = {0};
    for (int i = 0; i < sent.size(); i++) {
      TypesPb.Series s = parsed.getBatch().getSeries(i);
      for (TypesPb.AggrChunk c : s.getChunksList()) {
        AliasingSeriesMarshaller.ArrayView view =
            AliasingSeriesMarshaller.view(c.getRaw().getData());
        // One array, the whole frame, behind every chunk: no chunk was copied out of it.
        assertThat(view.array().length).isEqualTo(wire.length);
        if (frameArray != null) {
          assertThat(view.array()).isSameAs(frameArray);
        }
        frameArray = view.array();
      }
      Wire.DecodedSeries got = Wire.fromPb(s, skipped);
      assertThat(got.labels()).isEqualTo(sent.get(i).labels());
      assertThat(got.chunks()).hasSameSizeAs(sent.get(i).chunks());
      for (int c = 0; c < got.chunks().size(); c++) {
        assertThat(samples(got.chunks().get(c))).isEqualTo(samples(sent.get(i).chunks().get(c)));
      }
    }
    assertThat(parsed).isEqualTo(frame(sent));
  }

  @Test
  void view_ofACopiedByteString_isItsBytes() {
    ByteString bytes = ByteString.copyFrom(new byte[] {1, 2, 3, 4}, 1, 2);

    AliasingSeriesMarshaller.ArrayView view = AliasingSeriesMarshaller.view(bytes);

    assertThat(view.length()).isEqualTo(2);
    assertThat(view.array()[view.offset()]).isEqualTo((byte) 2);
    assertThat(view.array()[view.offset() + 1]).isEqualTo((byte) 3);
  }

  @Test
  void parse_truncatedFrame_failsWithInternal() {
    byte[] wire =
        frame(List.of(new Wire.DecodedSeries(Labels.of("job", "a"), List.of(chunk(0, 50)))))
            .toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(wire, wire.length - 5);

    assertThatThrownBy(
            () -> new AliasingSeriesMarshaller().parse(new ByteArrayInputStream(truncated)))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("INTERNAL");
  }
}
