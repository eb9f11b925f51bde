package io.argus.alertmanager.state;

import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The byte-level side shared by states made of entries (silences, the notification log): gossip
 * payloads, merges of remote payloads and snapshot files, all through one codec, with the state's
 * propagation and snapshot metrics. Thread-safe when the state's own methods are.
 *
 * @param <E> the entry type
 */
public final class EncodedEntries<E> {
  /** Decodes a payload or snapshot into entries. */
  @FunctionalInterface
  public interface Decoder<E> {
    List<E> decode(byte[] data) throws CorruptStateException;
  }

  /** Merges entries into the state and returns those that changed it. */
  @FunctionalInterface
  public interface Merge<E> {
    List<E> merge(Collection<E> remote);
  }

  private final String snapshotName;
  private final Function<Collection<E>, byte[]> encoder;
  private final Decoder<E> decoder;
  private final Clock clock;
  private final Counter propagatedTotal;
  private final Summary snapshotDuration;
  private final Gauge snapshotSize;

  public EncodedEntries(
      String snapshotName,
      Function<Collection<E>, byte[]> encoder,
      Decoder<E> decoder,
      Clock clock,
      Counter propagatedTotal,
      Summary snapshotDuration,
      Gauge snapshotSize) {
    this.snapshotName = snapshotName;
    this.encoder = encoder;
    this.decoder = decoder;
    this.clock = clock;
    this.propagatedTotal = propagatedTotal;
    this.snapshotDuration = snapshotDuration;
    this.snapshotSize = snapshotSize;
  }

  /** Encodes {@code entries}, e.g. the whole state for a full-state exchange. */
  public byte[] encode(Collection<E> entries) {
    return encoder.apply(entries);
  }

  /**
   * Merges a remote payload; returns the encoded entries that changed the state (counted as
   * propagated), empty when none did.
   */
  public byte[] mergeRemote(byte[] data, Merge<E> merge) throws CorruptStateException {
    List<E> changed = merge.merge(decoder.decode(data));
    if (changed.isEmpty()) {
      return new byte[0];
    }
    propagatedTotal.inc(changed.size());
    return encoder.apply(changed);
  }

  /** A listener of single entries that hands {@code listener} each one encoded. */
  public Consumer<E> encoding(Consumer<byte[]> listener) {
    return e -> listener.accept(encoder.apply(List.of(e)));
  }

  /**
   * Merges the snapshot at {@code path} into the state; a missing file is an empty state.
   *
   * @return the number of entries loaded
   * @throws CorruptStateException when the file is damaged; the message names it
   */
  public int loadSnapshot(FileOps fs, Path path, Merge<E> merge) throws IOException {
    byte[] data = SnapshotFile.read(fs, path, snapshotName);
    if (data == null) {
      return 0;
    }
    return merge.merge(decoder.decode(data)).size();
  }

  /** Replaces the snapshot at {@code path} with {@code all}; returns its size in bytes. */
  public long writeSnapshot(FileOps fs, Path path, List<E> all) throws IOException {
    long start = clock.nanoTime();
    long size = SnapshotFile.write(fs, path, snapshotName, all.size(), encoder.apply(all));
    snapshotDuration.observe((clock.nanoTime() - start) / 1e9);
    snapshotSize.set(size);
    return size;
  }
}
