package io.argus.alertmanager.state;

import java.util.function.Consumer;

/**
 * A last-writer-wins map that peers of a cluster replicate by gossip (the silences, key {@code
 * "sil"}, the notification log, key {@code "nfl"}, and sending claims, key {@code "snd"}). Encoded state is a sequence of
 * length-delimited entries, each self-contained, so any concatenation of encodings is again a valid
 * encoding and a full state is just a large delta.
 *
 * <p>Merging is idempotent; it is commutative and associative as long as no two versions of one
 * entry carry the same timestamp (on a tie the entry already held wins, as upstream). Entries that
 * expired are neither accepted nor kept. Implementations are thread-safe.
 */
public interface ReplicatedState {
  /** The key under which the cluster carries this state, e.g. {@code "sil"} or {@code "nfl"}. */
  String key();

  /** Encodes every entry currently held (a full state for push/pull exchange). */
  byte[] encodeState();

  /**
   * Merges entries received from a peer and returns the encoding of those that changed this state
   * (newer than what was held), empty when nothing changed. Upstream re-gossips a non-empty result;
   * the JGroups cluster does not need to (its multicast reaches the whole view reliably, and views
   * that merge exchange full states). Listeners of local changes are not called.
   *
   * @throws CorruptStateException when {@code data} cannot be decoded; nothing is merged then
   */
  byte[] merge(byte[] data) throws CorruptStateException;

  /**
   * Registers a listener that receives the encoding of every entry this peer changes itself
   * (created, updated or expired locally), so the cluster can broadcast it. Listeners run on the
   * mutating thread while the state is locked: they must be quick, must not block and must not call
   * back into this state. Close the returned handle to unregister.
   */
  AutoCloseable onLocalChange(Consumer<byte[]> listener);
}
