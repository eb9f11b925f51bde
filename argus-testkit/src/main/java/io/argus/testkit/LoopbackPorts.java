package io.argus.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback interface for servers and processes a test starts.
 *
 * <p>Ports are drawn at random from below the kernel's ephemeral range ({@code
 * /proc/sys/net/ipv4/ip_local_port_range}), which the kernel never picks for the local end of an
 * outgoing connection. A port from {@code bind(0)} lies inside that range, so between the test
 * taking it and the server binding it, any client on the machine (another test fork scraping,
 * posting, gossiping) could take it as its local port and the server would fail to bind. One JVM
 * never hands out the same port twice. Thread-safe.
 */
public final class LoopbackPorts {
  /** Lowest port drawn: above the well-known and most registered service ports. */
  static final int LOWEST = 10_000;

  /** Used when the ephemeral range cannot be read: Linux' default lower bound. */
  private static final int DEFAULT_EPHEMERAL_LOW = 32_768;

  /** Below this many candidate ports the kernel's own choice ({@code bind(0)}) is used. */
  private static final int MIN_CANDIDATES = 1_000;

  private static final int ATTEMPTS = 200;

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private static final int EPHEMERAL_LOW =
      ephemeralLow(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));

  private LoopbackPorts() {}

  /**
   * A port that was free on 127.0.0.1 a moment ago and that this JVM has not handed out before.
   * Another process may still bind it first (a test in another JVM drawing the same port), which
   * is unlikely but possible; tests accept that.
   */
  public static int freePort() {
    if (EPHEMERAL_LOW - LOWEST >= MIN_CANDIDATES) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < ATTEMPTS; i++) {
        int port = random.nextInt(LOWEST, EPHEMERAL_LOW);
        if (bindable(port) && HANDED_OUT.add(port)) {
          return port;
        }
      }
    }
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = kernelChoice();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no loopback port left that this JVM has not handed out");
  }

  /** The first port of the ephemeral range in {@code rangeFile} ("low high"), or Linux' default. */
  static int ephemeralLow(Path rangeFile) {
    try {
      String[] fields = Files.readString(rangeFile, StandardCharsets.US_ASCII).trim().split("\\s+");
      int low = Integer.parseInt(fields[0]);
      return low > 0 && low <= 65_535 ? low : DEFAULT_EPHEMERAL_LOW;
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_LOW;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int kernelChoice() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
