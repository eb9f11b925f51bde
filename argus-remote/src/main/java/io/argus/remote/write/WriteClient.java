package io.argus.remote.write;

/**
 * Sends one compressed write request to a remote endpoint. Thread-safe: every shard of a queue
 * calls it concurrently.
 */
interface WriteClient {
  /**
   * POSTs {@code body[0, length)} (snappy-compressed protobuf).
   *
   * @param attempt 0 for the first try of this body, then 1, 2, …
   * @throws WriteException when the endpoint did not accept the request; {@link
   *     WriteException#recoverable()} says whether sending it again may succeed
   * @throws InterruptedException if the sending thread was interrupted (hard shutdown)
   */
  void store(byte[] body, int length, int attempt) throws WriteException, InterruptedException;

  /** The queue name, for logs. */
  String name();

  /** The URL written to, with any password redacted. */
  String endpoint();
}
