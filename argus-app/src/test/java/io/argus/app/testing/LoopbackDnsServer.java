package io.argus.app.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An authoritative DNS server on UDP 127.0.0.1 for tests of DNS service discovery. It answers A
 * and SRV questions from fixed tables (names are absolute, lower-case, with the trailing dot) and
 * NXDOMAIN to anything else. Started by {@link #start}, stopped by {@link #close()}; served by one
 * virtual thread.
 */
public final class LoopbackDnsServer implements AutoCloseable {
  /** One SRV answer: the target host name (absolute) and port. */
  public record Srv(int priority, int weight, int port, String target) {}

  private static final int TYPE_A = 1;
  private static final int TYPE_SRV = 33;
  private static final int TTL_SECONDS = 5;

  private final DatagramSocket socket;
  private final Map<String, List<byte[]>> aRecords;
  private final Map<String, List<Srv>> srvRecords;

  private LoopbackDnsServer(
      DatagramSocket socket, Map<String, List<byte[]>> aRecords, Map<String, List<Srv>> srvRecords) {
    this.socket = socket;
    this.aRecords = aRecords;
    this.srvRecords = srvRecords;
    Thread.ofVirtual().name("loopback-dns").start(this::serve);
  }

  /**
   * Binds UDP {@code 127.0.0.1:port} (53 needs root) and serves the given tables.
   *
   * @throws SocketException when the port cannot be bound
   */
  public static LoopbackDnsServer start(
      int port, Map<String, List<byte[]>> aRecords, Map<String, List<Srv>> srvRecords)
      throws SocketException {
    DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return new LoopbackDnsServer(socket, aRecords, srvRecords);
  }

  private void serve() {
    byte[] buffer = new byte[512];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        byte[] reply = answer(ByteBuffer.wrap(buffer, 0, packet.getLength()));
        if (reply != null) {
          socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        }
      } catch (IOException e) {
        // Closed, or a malformed question: nothing to answer.
      }
    }
  }

  private byte[] answer(ByteBuffer query) {
    if (query.remaining() < 12) {
      return null;
    }
    int id = query.getShort() & 0xffff;
    int flags = query.getShort() & 0xffff;
    int questions = query.getShort() & 0xffff;
    query.position(12);
    if (questions != 1) {
      return null;
    }
    int questionStart = query.position();
    StringBuilder name = new StringBuilder();
    for (int len = query.get() & 0xff; len != 0; len = query.get() & 0xff) {
      byte[] label = new byte[len];
      query.get(label);
      name.append(new String(label, StandardCharsets.US_ASCII)).append('.');
    }
    int type = query.getShort() & 0xffff;
    query.getShort(); // class IN
    int questionEnd = query.position();
    String qname = name.toString().toLowerCase(Locale.ROOT);

    ByteArrayOutputStream answers = new ByteArrayOutputStream();
    int count = 0;
    boolean known = aRecords.containsKey(qname) || srvRecords.containsKey(qname);
    if (type == TYPE_A) {
      for (byte[] address : aRecords.getOrDefault(qname, List.of())) {
        writeRecordHeader(answers, TYPE_A, address.length);
        answers.writeBytes(address);
        count++;
      }
    } else if (type == TYPE_SRV) {
      for (Srv srv : srvRecords.getOrDefault(qname, List.of())) {
        byte[] target = encodeName(srv.target());
        writeRecordHeader(answers, TYPE_SRV, 6 + target.length);
        writeShort(answers, srv.priority());
        writeShort(answers, srv.weight());
        writeShort(answers, srv.port());
        answers.writeBytes(target);
        count++;
      }
    }
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    writeShort(reply, id);
    int rcode = known ? 0 : 3;
    writeShort(reply, 0x8000 | 0x0400 | (flags & 0x0100) | rcode); // response, authoritative, RD
    writeShort(reply, 1);
    writeShort(reply, count);
    writeShort(reply, 0);
    writeShort(reply, 0);
    reply.write(query.array(), query.arrayOffset() + questionStart, questionEnd - questionStart);
    reply.writeBytes(answers.toByteArray());
    return reply.toByteArray();
  }

  private static void writeRecordHeader(ByteArrayOutputStream out, int type, int dataLength) {
    writeShort(out, 0xc000 | 12); // the question's name
    writeShort(out, type);
    writeShort(out, 1);
    writeShort(out, 0);
    writeShort(out, TTL_SECONDS);
    writeShort(out, dataLength);
  }

  private static byte[] encodeName(String absolute) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : absolute.split("\\.")) {
      if (!label.isEmpty()) {
        byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes.length);
        out.writeBytes(bytes);
      }
    }
    out.write(0);
    return out.toByteArray();
  }

  private static void writeShort(ByteArrayOutputStream out, int value) {
    out.write(value >>> 8);
    out.write(value & 0xff);
  }

  @Override
  public void close() {
    socket.close();
  }
}
