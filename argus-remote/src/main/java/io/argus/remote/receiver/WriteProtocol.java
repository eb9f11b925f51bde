package io.argus.remote.receiver;

import org.jspecify.annotations.Nullable;

/** The remote-write protobuf messages, by the names used in {@code Content-Type}'s proto= . */
public enum WriteProtocol {
  V1("prometheus.WriteRequest"),
  V2("io.prometheus.write.v2.Request");

  private final String messageName;

  WriteProtocol(String messageName) {
    this.messageName = messageName;
  }

  /** The fully qualified protobuf message name. */
  public String messageName() {
    return messageName;
  }

  /** The protocol with {@code messageName}, or null. */
  public static @Nullable WriteProtocol ofMessageName(String messageName) {
    for (WriteProtocol p : values()) {
      if (p.messageName.equals(messageName)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return messageName;
  }
}
