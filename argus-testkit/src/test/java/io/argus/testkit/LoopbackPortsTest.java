package io.argus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackPortsTest {
  @Test
  void freePort_belowTheEphemeralRange_neverTwice_bindable() throws IOException {
    int low = LoopbackPorts.ephemeralLow(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      int port = LoopbackPorts.freePort();
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
      if (low - LoopbackPorts.LOWEST >= 1_000) {
        assertThat(port).isBetween(LoopbackPorts.LOWEST, low - 1);
      }
    }
    int port = LoopbackPorts.freePort();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(server.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void ephemeralLow_readsTheRangeFile_orFallsBackToLinuxDefault(@TempDir Path dir)
      throws IOException {
    Path range = dir.resolve("ip_local_port_range");
    Files.writeString(range, "40000\t60999\n");
    assertThat(LoopbackPorts.ephemeralLow(range)).isEqualTo(40_000);
    Files.writeString(range, "garbage");
    assertThat(LoopbackPorts.ephemeralLow(range)).isEqualTo(32_768);
    assertThat(LoopbackPorts.ephemeralLow(dir.resolve("absent"))).isEqualTo(32_768);
  }
}
