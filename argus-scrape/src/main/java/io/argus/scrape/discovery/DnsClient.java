package io.argus.scrape.discovery;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small stub resolver over UDP (with TCP retry on truncation) that follows upstream's search path
 * semantics: the first name variant answered with success wins; if every variant is answered with
 * NXDOMAIN the result is an empty answer; otherwise the lookup fails. Thread-safe.
 */
final class DnsClient {
  private static final Logger logger = LoggerFactory.getLogger(DnsClient.class);
  private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
  private static final int MAX_UDP_BYTES = 4096;

  private final Config config;

  DnsClient(Config config) {
    this.config = config;
  }

  /**
   * The resolver settings.
   *
   * @param servers name servers, tried in order
   * @param search search domains
   * @param ndots names with more dots than this are tried as given first
   * @param timeoutMs the timeout per server and attempt
   */
  record Config(List<InetSocketAddress> servers, List<String> search, int ndots, int timeoutMs) {
    Config {
      servers = List.copyOf(servers);
      search = List.copyOf(search);
    }

    static Config ofServers(List<InetSocketAddress> servers) {
      return new Config(servers, List.of(), 1, 2000);
    }

    /** Parses resolv.conf text ({@code nameserver}, {@code search}, {@code domain}, ndots). */
    static Config parseResolvConf(String text) {
      List<InetSocketAddress> servers = new ArrayList<>();
      List<String> search = new ArrayList<>();
      int ndots = 1;
      int timeoutMs = 5000;
      for (String line : text.split("\n")) {
        String[] f = line.strip().split("\\s+");
        if (f.length < 2 || f[0].startsWith("#") || f[0].startsWith(";")) {
          continue;
        }
        switch (f[0]) {
          case "nameserver" -> servers.add(new InetSocketAddress(f[1], 53));
          case "domain" -> {
            search.clear();
            search.add(f[1]);
          }
          case "search" -> {
            search.clear();
            search.addAll(List.of(f).subList(1, f.length));
          }
          case "options" -> {
            for (int i = 1; i < f.length; i++) {
              if (f[i].startsWith("ndots:")) {
                ndots = parseOr(f[i].substring(6), ndots);
              } else if (f[i].startsWith("timeout:")) {
                timeoutMs = parseOr(f[i].substring(8), timeoutMs / 1000) * 1000;
              }
            }
          }
          default -> {}
        }
      }
      if (servers.isEmpty()) {
        servers.add(new InetSocketAddress("127.0.0.1", 53));
      }
      return new Config(servers, search, ndots, timeoutMs);
    }

    private static int parseOr(String s, int fallback) {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        return fallback;
      }
    }

    /** Returns the fully qualified names to try for {@code name}, in order. */
    List<String> nameList(String name) {
      if (name.endsWith(".")) {
        return List.of(name);
      }
      boolean hasNdots = name.split("\\.").length > ndots;
      String fqdn = name + ".";
      List<String> names = new ArrayList<>();
      if (hasNdots) {
        names.add(fqdn);
      }
      for (String s : search) {
        names.add(s.endsWith(".") ? fqdn + s : fqdn + s + ".");
      }
      if (!hasNdots) {
        names.add(fqdn);
      }
      return names;
    }
  }

  /** Returns a client configured from {@code /etc/resolv.conf}. */
  static DnsClient fromResolvConf() {
    String text;
    try {
      text = Files.readString(RESOLV_CONF, StandardCharsets.UTF_8);
    } catch (IOException e) {
      logger.atWarn().setCause(e).log("could not load resolv.conf");
      text = "";
    }
    return new DnsClient(Config.parseResolvConf(text));
  }

  /**
   * Looks up {@code name} following the search path.
   *
   * @return the answer, empty when every variant does not exist
   * @throws IOException when some variant could not be resolved by any server
   */
  DnsMessage lookup(String name, int qtype) throws IOException {
    boolean allValid = true;
    for (String fqdn : config.nameList(name)) {
      DnsMessage response = lookupFromAnyServer(fqdn, qtype);
      if (response == null) {
        allValid = false;
      } else if (response.rcode() == DnsMessage.RCODE_SUCCESS) {
        return response;
      }
    }
    if (allValid) {
      return new DnsMessage(0, DnsMessage.RCODE_NAME_ERROR, false, List.of());
    }
    throw new IOException(
        "could not resolve \""
            + name
            + "\": all servers responded with errors to at least one search domain");
  }

  private @Nullable DnsMessage lookupFromAnyServer(String fqdn, int qtype) throws IOException {
    for (InetSocketAddress server : config.servers()) {
      try {
        DnsMessage m = ask(server, fqdn, qtype);
        if (m.rcode() == DnsMessage.RCODE_SUCCESS || m.rcode() == DnsMessage.RCODE_NAME_ERROR) {
          return m;
        }
      } catch (IOException | IllegalArgumentException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("dns lookup interrupted");
        }
        logger
            .atWarn()
            .addKeyValue("server", server)
            .addKeyValue("name", fqdn)
            .addKeyValue("err", e.toString())
            .log("dns resolution failed");
      }
    }
    return null;
  }

  private DnsMessage ask(InetSocketAddress server, String fqdn, int qtype) throws IOException {
    int id = ThreadLocalRandom.current().nextInt(0x10000);
    byte[] query = DnsMessage.encodeQuery(id, fqdn, qtype);
    DnsMessage response = askUdp(server, id, query);
    if (response.truncated()) {
      response = askTcp(server, id, query);
      if (response.truncated()) {
        throw new IOException("got truncated message on TCP (64kiB limit exceeded?)");
      }
    }
    return response;
  }

  private DnsMessage askUdp(InetSocketAddress server, int id, byte[] query) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(config.timeoutMs());
      socket.connect(server);
      socket.send(new DatagramPacket(query, query.length));
      byte[] buf = new byte[MAX_UDP_BYTES];
      while (true) {
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          throw new IOException("i/o timeout", e);
        }
        DnsMessage m = DnsMessage.decode(buf, packet.getLength());
        if (m.id() == id) {
          return m;
        }
      }
    }
  }

  private DnsMessage askTcp(InetSocketAddress server, int id, byte[] query) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, config.timeoutMs());
      socket.setSoTimeout(config.timeoutMs());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(query.length);
      out.write(query);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] buf = new byte[in.readUnsignedShort()];
      in.readFully(buf);
      DnsMessage m = DnsMessage.decode(buf, buf.length);
      if (m.id() != id) {
        throw new IOException("dns: id mismatch");
      }
      return m;
    }
  }
}
