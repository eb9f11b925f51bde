package io.argus.alertmanager.state;

import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * A state made of entries (silences, the notification log) whose gossip payloads and snapshot
 * files are its entries run through one {@link EncodedEntries}: the byte-level methods of {@link
 * ReplicatedState} and {@link PersistentState} follow from the entry-level ones declared here.
 * Implementations are thread-safe.
 *
 * @param <E> the entry type
 */
public interface EntryState<E> extends ReplicatedState, PersistentState {
  /** Every entry the state holds now, a copy. */
  List<E> entries();

  /** Merges entries from a peer or a snapshot; returns those that changed the state. */
  List<E> merge(Collection<E> remote);

  /**
   * Registers a listener for entries this peer changes itself; it runs while the state is locked
   * and must not call back into it. Close the handle to unregister.
   */
  AutoCloseable addListener(Consumer<E> listener);

  /** The codec and metrics this state's payloads and snapshots go through. */
  EncodedEntries<E> encodedEntries();

  @Override
  default byte[] encodeState() {
    return encodedEntries().encode(entries());
  }

  @Override
  default byte[] merge(byte[] data) throws CorruptStateException {
    return encodedEntries().mergeRemote(data, this::merge);
  }

  @Override
  default AutoCloseable onLocalChange(Consumer<byte[]> listener) {
    return addListener(encodedEntries().encoding(listener));
  }

  /**
   * Loads the snapshot at {@code path}, merging it into this state; a missing file is an empty
   * state. Returns the number of entries loaded.
   *
   * @throws CorruptStateException when the file is damaged; the message names it
   */
  @Override
  default int loadSnapshot(FileOps fs, Path path) throws IOException {
    return encodedEntries().loadSnapshot(fs, path, this::merge);
  }

  /** Replaces the snapshot at {@code path} with the current state; returns its size in bytes. */
  @Override
  default long writeSnapshot(FileOps fs, Path path) throws IOException {
    return encodedEntries().writeSnapshot(fs, path, entries());
  }
}
