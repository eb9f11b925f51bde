package io.argus.scrape.discovery;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny authoritative UDP DNS server on 127.0.0.1 for tests: answers from a table of records per
 * (name, type), NXDOMAIN for unknown names, or a fixed response code for chosen names.
 */
final class TestDnsServer implements AutoCloseable {
  /** One answer record: type and encoded rdata. */
  record Answer(int type, byte[] rdata) {}

  private final DatagramSocket socket;
  private final ServerSocket tcpSocket;
  private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
  private final Map<String, Integer> rcodes = new ConcurrentHashMap<>();
  private final Thread thread;
  private final Thread tcpThread;
  private volatile boolean truncateUdp;

  /** Binds UDP and TCP on the same free port of 127.0.0.1. */
  TestDnsServer() throws IOException {
    DatagramSocket[] udp = new DatagramSocket[1];
    tcpSocket = bindPair(udp);
    socket = udp[0];
    thread = Thread.ofVirtual().start(this::serve);
    tcpThread = Thread.ofVirtual().start(this::serveTcp);
  }

  private static ServerSocket bindPair(DatagramSocket[] udpOut) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    IOException last = new IOException("no free port pair");
    for (int attempt = 0; attempt < 10; attempt++) {
      DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
      try {
        ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 8, loopback);
        udpOut[0] = udp;
        return tcp;
      } catch (IOException e) {
        udp.close();
        last = e;
      }
    }
    throw last;
  }

  /** Makes UDP answers empty with the TC bit set, so clients must retry over TCP. */
  void truncateUdp(boolean truncate) {
    truncateUdp = truncate;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Sets the answers for {@code name} (rooted, e.g. {@code "a.example."}) and {@code type}. */
  void set(String name, int type, Answer... records) {
    answers.put(key(name, type), List.of(records));
  }

  /** Makes every query for {@code name} fail with {@code rcode}. */
  void fail(String name, int rcode) {
    rcodes.put(name.toLowerCase(Locale.ROOT), rcode);
  }

  static Answer a(String ip) throws Exception {
    return new Answer(DnsMessage.TYPE_A, InetAddress.getByName(ip).getAddress());
  }

  static Answer aaaa(String ip) throws Exception {
    return new Answer(DnsMessage.TYPE_AAAA, InetAddress.getByName(ip).getAddress());
  }

  static Answer srv(String target, int port) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DnsMessage.writeShort(out, 10);
    DnsMessage.writeShort(out, 5);
    DnsMessage.writeShort(out, port);
    DnsMessage.writeName(out, target);
    return new Answer(DnsMessage.TYPE_SRV, out.toByteArray());
  }

  static Answer mx(String host) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DnsMessage.writeShort(out, 10);
    DnsMessage.writeName(out, host);
    return new Answer(DnsMessage.TYPE_MX, out.toByteArray());
  }

  static Answer cname(String host) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DnsMessage.writeName(out, host);
    return new Answer(DnsMessage.TYPE_CNAME, out.toByteArray());
  }

  private static String key(String name, int type) {
    return name.toLowerCase(Locale.ROOT) + "/" + type;
  }

  private void serve() {
    byte[] buf = new byte[512];
    try {
      while (true) {
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        socket.receive(packet);
        byte[] response = respond(buf, packet.getLength(), truncateUdp);
        socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
      }
    } catch (IOException e) {
      // Closed.
    }
  }

  private void serveTcp() {
    try {
      while (true) {
        try (Socket client = tcpSocket.accept()) {
          DataInputStream in = new DataInputStream(client.getInputStream());
          byte[] query = new byte[in.readUnsignedShort()];
          in.readFully(query);
          byte[] response = respond(query, query.length, false);
          DataOutputStream out = new DataOutputStream(client.getOutputStream());
          out.writeShort(response.length);
          out.write(response);
          out.flush();
        }
      }
    } catch (IOException e) {
      // Closed.
    }
  }

  private byte[] respond(byte[] q, int length, boolean truncate) {
    int[] pos = {12};
    String name = DnsMessage.readName(q, length, pos).toLowerCase(Locale.ROOT);
    int qtype = DnsMessage.u16(q, pos[0]);
    int questionEnd = pos[0] + 4;
    Integer rcode = rcodes.get(name);
    List<Answer> records = answers.get(key(name, qtype));
    if (rcode == null) {
      rcode = records == null && !hasAnyType(name) ? DnsMessage.RCODE_NAME_ERROR : 0;
    }
    List<Answer> sent = rcode == 0 && records != null && !truncate ? records : List.of();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DnsMessage.writeShort(out, DnsMessage.u16(q, 0));
    DnsMessage.writeShort(out, 0x8580 | (truncate ? 0x0200 : 0) | rcode);
    DnsMessage.writeShort(out, 1);
    DnsMessage.writeShort(out, sent.size());
    DnsMessage.writeShort(out, 0);
    DnsMessage.writeShort(out, 0);
    out.write(q, 12, questionEnd - 12);
    for (Answer a : sent) {
      DnsMessage.writeShort(out, 0xc00c);
      DnsMessage.writeShort(out, a.type());
      DnsMessage.writeShort(out, DnsMessage.CLASS_IN);
      DnsMessage.writeShort(out, 0);
      DnsMessage.writeShort(out, 30);
      DnsMessage.writeShort(out, a.rdata().length);
      out.write(a.rdata(), 0, a.rdata().length);
    }
    return out.toByteArray();
  }

  private boolean hasAnyType(String name) {
    return answers.keySet().stream().anyMatch(k -> k.startsWith(name + "/"));
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    try {
      tcpSocket.close();
    } catch (IOException e) {
      // Already closed.
    }
    thread.join(10_000);
    tcpThread.join(10_000);
  }
}
