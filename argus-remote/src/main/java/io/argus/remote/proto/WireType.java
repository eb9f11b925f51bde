package io.argus.remote.proto;

/** Protobuf wire types and tag helpers. */
public final class WireType {
  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LEN = 2;
  public static final int FIXED32 = 5;

  private WireType() {}

  /** Builds the tag of {@code field} with {@code wireType}. */
  public static int tag(int field, int wireType) {
    return (field << 3) | wireType;
  }

  static String name(int wireType) {
    return switch (wireType) {
      case VARINT -> "varint";
      case FIXED64 -> "fixed64";
      case LEN -> "length-delimited";
      case 3 -> "start-group";
      case 4 -> "end-group";
      case FIXED32 -> "fixed32";
      default -> "invalid wire type " + wireType;
    };
  }
}
