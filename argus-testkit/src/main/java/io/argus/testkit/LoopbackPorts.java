package io.argus.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface for servers and processes a test starts. */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /**
   * A port that was free on 127.0.0.1 a moment ago: the kernel picks it for a socket bound and
   * closed at once. Another process may take it before the caller binds it; tests accept that.
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
