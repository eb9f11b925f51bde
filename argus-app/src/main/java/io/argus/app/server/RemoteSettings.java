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
 */
public record RemoteSettings(
    boolean enableWriteReceiver,
    Set<WriteProtocol> acceptedMessages,
    HaTrackerConfig ha,
    ReadLimits readLimits) {
  public static final RemoteSettings DEFAULT =
      new RemoteSettings(
          false, EnumSet.allOf(WriteProtocol.class), HaTrackerConfig.DISABLED, ReadLimits.DEFAULT);

  public RemoteSettings {
    acceptedMessages = Set.copyOf(acceptedMessages);
    if (acceptedMessages.isEmpty()) {
      throw new IllegalArgumentException("at least one remote write protobuf message is needed");
    }
  }
}
