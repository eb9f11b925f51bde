package io.argus.app.server;

import io.argus.remote.read.ReadLimits;
import io.argus.remote.receiver.HaTrackerConfig;
import io.argus.remote.receiver.WriteProtocol;
import java.util.EnumSet;
import java.util.Set;

/**
 * The remote-write receiver and remote-read flags of {@code argus server}.
 *
 * @param enableWriteReceiver {@code --web.enable-remote-write-receiver}
 * @param acceptedMessages {@code --web.remote-write-receiver.accepted-protobuf-messages}
 * @param ha the {@code --ha-tracker.*} flags (dedup at ingest)
 * @param readLimits the {@code --storage.remote.read-*} flags
 * @param walBudgetBytes {@code --storage.remote.wal-budget}: bytes of WAL segments kept beyond the
 *     head's own truncation because a remote-write queue has not sent them; 0 keeps none
 */
public record RemoteSettings(
    boolean enableWriteReceiver,
    Set<WriteProtocol> acceptedMessages,
    HaTrackerConfig ha,
    ReadLimits readLimits,
    long walBudgetBytes) {
  /** The default of {@code --storage.remote.wal-budget}: 1 GiB. */
  public static final long DEFAULT_WAL_BUDGET_BYTES = 1L << 30;

  public static final RemoteSettings DEFAULT =
      new RemoteSettings(
          false, EnumSet.allOf(WriteProtocol.class), HaTrackerConfig.DISABLED, ReadLimits.DEFAULT);

  /** Settings with the default WAL budget. */
  public RemoteSettings(
      boolean enableWriteReceiver,
      Set<WriteProtocol> acceptedMessages,
      HaTrackerConfig ha,
      ReadLimits readLimits) {
    this(enableWriteReceiver, acceptedMessages, ha, readLimits, DEFAULT_WAL_BUDGET_BYTES);
  }

  /** These settings with another WAL budget. */
  public RemoteSettings withWalBudgetBytes(long bytes) {
    return new RemoteSettings(enableWriteReceiver, acceptedMessages, ha, readLimits, bytes);
  }

  public RemoteSettings {
    acceptedMessages = Set.copyOf(acceptedMessages);
    if (acceptedMessages.isEmpty()) {
      throw new IllegalArgumentException("at least one remote write protobuf message is needed");
    }
    if (walBudgetBytes < 0) {
      throw new IllegalArgumentException("the remote write WAL budget must not be negative");
    }
  }
}
