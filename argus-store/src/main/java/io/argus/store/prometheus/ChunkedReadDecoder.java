package io.argus.store.prometheus;

import io.argus.model.labels.Labels;
import io.argus.remote.proto.ProtoException;
import io.argus.remote.proto.ProtoReader;
import io.argus.remote.proto.WireType;
import io.argus.storage.ChunkMeta;
import io.argus.storage.chunkenc.Chunks;
import io.argus.storage.chunkenc.Encoding;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a remote-read {@code STREAMED_XOR_CHUNKS} body: frames of a uvarint length, a big-endian
 * CRC-32C of the message and a {@code prometheus.ChunkedReadResponse}. Consecutive frames of the
 * same series (Prometheus splits large series) are joined. Chunks of types other than XOR are
 * counted and left out. Single-threaded.
 */
final class ChunkedReadDecoder {
  /** Prometheus' default frame cap is 1 MiB; refuse anything absurdly larger. */
  private static final int MAX_FRAME = 64 << 20;

  /** A decoded series. */
  record DecodedSeries(Labels labels, List<ChunkMeta> chunks)
      implements io.argus.storage.ChunkSeries {}

  private final InputStream in;
  private final ProtoReader reader = new ProtoReader();
  private final CRC32C crc = new CRC32C();
  private byte[] buf = new byte[64 * 1024];
  private int skippedChunks;

  ChunkedReadDecoder(InputStream in) {
    this.in = in;
  }

  /** How many chunks of unsupported types were left out. */
  int skippedChunks() {
    return skippedChunks;
  }

  /** Reads every frame; returns the series in stream order. */
  List<DecodedSeries> readAll() throws IOException {
    List<DecodedSeries> out = new ArrayList<>();
    while (true) {
      long len = readUvarint();
      if (len < 0) {
        return out;
      }
      if (len > MAX_FRAME) {
        throw new IOException("remote read frame of " + len + " bytes exceeds the limit");
      }
      int n = (int) len;
      byte[] sum = in.readNBytes(4);
      if (sum.length != 4) {
        throw new EOFException("truncated remote read frame header");
      }
      if (buf.length < n) {
        buf = new byte[Math.max(n, buf.length * 2)];
      }
      if (in.readNBytes(buf, 0, n) != n) {
        throw new EOFException("truncated remote read frame");
      }
      crc.reset();
      crc.update(buf, 0, n);
      long want =
          ((sum[0] & 0xFFL) << 24)
              | ((sum[1] & 0xFFL) << 16)
              | ((sum[2] & 0xFFL) << 8)
              | (sum[3] & 0xFFL);
      if (crc.getValue() != want) {
        throw new IOException("remote read frame checksum mismatch");
      }
      decodeFrame(n, out);
    }
  }

  /** Returns the next uvarint, or -1 at a clean end of stream. */
  private long readUvarint() throws IOException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.read();
      if (b < 0) {
        if (shift == 0) {
          return -1;
        }
        throw new EOFException("truncated remote read frame length");
      }
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IOException("remote read frame length overflows");
  }

  private void decodeFrame(int n, List<DecodedSeries> out) {
    ProtoReader r = reader.reset(buf, 0, n);
    try {
      while (r.hasRemaining()) {
        int tag = r.readTag();
        if (tag >>> 3 == 1 && (tag & 7) == WireType.LEN) {
          int old = r.pushLimit();
          decodeSeries(r, out);
          r.popLimit(old);
        } else {
          r.skip(tag);
        }
      }
    } catch (ProtoException e) {
      throw new ProtoException("decoding remote read frame: " + e.getMessage());
    }
  }

  private void decodeSeries(ProtoReader r, List<DecodedSeries> out) {
    List<String> pairs = new ArrayList<>();
    List<ChunkMeta> chunks = new ArrayList<>();
    while (r.hasRemaining()) {
      int tag = r.readTag();
      int field = tag >>> 3;
      if (field == 1 && (tag & 7) == WireType.LEN) {
        int old = r.pushLimit();
        String name = "";
        String value = "";
        while (r.hasRemaining()) {
          int t = r.readTag();
          if (t >>> 3 == 1 && (t & 7) == WireType.LEN) {
            name = r.readString();
          } else if (t >>> 3 == 2 && (t & 7) == WireType.LEN) {
            value = r.readString();
          } else {
            r.skip(t);
          }
        }
        r.popLimit(old);
        pairs.add(name);
        pairs.add(value);
      } else if (field == 2 && (tag & 7) == WireType.LEN) {
        int old = r.pushLimit();
        long min = 0;
        long max = 0;
        long type = 0;
        byte[] data = null;
        while (r.hasRemaining()) {
          int t = r.readTag();
          switch (t >>> 3) {
            case 1 -> min = r.readVarint64();
            case 2 -> max = r.readVarint64();
            case 3 -> type = r.readVarint64();
            case 4 -> {
              int len = r.readLength();
              int at = r.position();
              data = java.util.Arrays.copyOfRange(r.buffer(), at, at + len);
              r.position(at + len);
            }
            default -> r.skip(t);
          }
        }
        r.popLimit(old);
        if (type == Encoding.XOR.code() && data != null) {
          chunks.add(
              new ChunkMeta(0, min, max, Chunks.fromBytes(Encoding.XOR, data, 0, data.length)));
        } else {
          skippedChunks++;
        }
      } else {
        r.skip(tag);
      }
    }
    Labels labels = Labels.of(pairs.toArray(String[]::new));
    if (!out.isEmpty() && out.getLast().labels().equals(labels)) {
      List<ChunkMeta> joined = new ArrayList<>(out.getLast().chunks());
      joined.addAll(chunks);
      out.set(out.size() - 1, new DecodedSeries(labels, joined));
    } else {
      out.add(new DecodedSeries(labels, chunks));
    }
  }
}
