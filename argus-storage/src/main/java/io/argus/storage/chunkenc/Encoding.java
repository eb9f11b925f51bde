package io.argus.storage.chunkenc;

/** Chunk encodings and their on-disk byte codes (the encoding byte of a chunk file entry). */
public enum Encoding {
  NONE(0),
  XOR(1),
  HISTOGRAM(2),
  FLOAT_HISTOGRAM(3),
  XOR2(4),
  HISTOGRAM_ST(5),
  FLOAT_HISTOGRAM_ST(6),
  /** Thanos' downsampled aggregate chunk. */
  AGGR(0xFF);

  private final int code;

  Encoding(int code) {
    this.code = code;
  }

  /** Returns the byte written on disk. */
  public int code() {
    return code;
  }

  /**
   * Returns the encoding for an on-disk byte (the out-of-order flag 0x80 must be stripped first).
   *
   * @throws IllegalArgumentException for an unknown code
   */
  public static Encoding of(int code) {
    for (Encoding e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    throw new IllegalArgumentException("invalid chunk encoding " + code);
  }
}
