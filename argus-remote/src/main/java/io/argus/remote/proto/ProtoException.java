package io.argus.remote.proto;

/** Malformed protobuf input or a message that breaks the remote-write rules. Unchecked. */
public final class ProtoException extends RuntimeException {
  public ProtoException(String message) {
    super(message);
  }
}
