package io.argus.tsdb.record;

/**
 * The type of a WAL record, given by its first byte. Every type Prometheus defines is listed so
 * that callers can tell "known but not handled here" from garbage; {@link #UNKNOWN} stands for an
 * empty record or a type byte no Prometheus version writes, which replay skips silently.
 */
public enum RecordType {
  UNKNOWN(0),
  SERIES(1),
  SAMPLES(2),
  TOMBSTONES(3),
  EXEMPLARS(4),
  MMAP_MARKERS(5),
  METADATA(6),
  HISTOGRAM_SAMPLES(7),
  FLOAT_HISTOGRAM_SAMPLES(8),
  CUSTOM_BUCKETS_HISTOGRAM_SAMPLES(9),
  CUSTOM_BUCKETS_FLOAT_HISTOGRAM_SAMPLES(10),
  SAMPLES_V2(11),
  HISTOGRAM_SAMPLES_V2(12),
  FLOAT_HISTOGRAM_SAMPLES_V2(13);

  private static final RecordType[] BY_CODE = new RecordType[14];

  static {
    for (RecordType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;

  RecordType(int code) {
    this.code = code;
  }

  /** Returns the type byte written at the start of records of this type (0 for UNKNOWN). */
  public int code() {
    return code;
  }

  /** Returns the type for a type byte (0–255), {@link #UNKNOWN} if no such type exists. */
  public static RecordType ofCode(int code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
  }
}
