package io.argus.storage.chunkenc;

/** Opens encoded chunks by encoding. */
public final class Chunks {
  private Chunks() {}

  /**
   * Returns a chunk over {@code data[off, off+len)} in encoding {@code e}. The bytes are not copied
   * and must not change while the chunk is in use.
   *
   * @throws IllegalArgumentException for an encoding this version cannot decode (only XOR is
   *     supported so far) or an invalid range
   */
  public static Chunk fromBytes(Encoding e, byte[] data, int off, int len) {
    return switch (e) {
      case XOR -> XorChunk.wrap(data, off, len);
      default -> throw new IllegalArgumentException("unsupported chunk encoding: " + name(e));
    };
  }

  /** Returns Prometheus' name for an encoding, as used in its error messages. */
  static String name(Encoding e) {
    return switch (e) {
      case NONE -> "none";
      case XOR -> "XOR";
      case HISTOGRAM -> "histogram";
      case FLOAT_HISTOGRAM -> "floathistogram";
      case XOR2 -> "XOR2";
      case HISTOGRAM_ST -> "histogramST";
      case FLOAT_HISTOGRAM_ST -> "floathistogramST";
      case AGGR -> "thanos aggregate";
    };
  }
}
