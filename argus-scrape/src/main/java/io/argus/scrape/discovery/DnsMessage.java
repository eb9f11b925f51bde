package io.argus.scrape.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes DNS queries and decodes responses (RFC 1035 wire format, AAAA from RFC 3596, SRV from RFC
 * 2782). Only what discovery needs: one question, the answer section, the response code and the
 * truncation bit.
 *
 * @param id the message id
 * @param rcode the response code ({@link #RCODE_SUCCESS}, {@link #RCODE_NAME_ERROR}, …)
 * @param truncated whether the TC bit was set
 * @param answers the answer records
 */
record DnsMessage(int id, int rcode, boolean truncated, List<DnsRecord> answers) {
  static final int TYPE_A = 1;
  static final int TYPE_NS = 2;
  static final int TYPE_CNAME = 5;
  static final int TYPE_MX = 15;
  static final int TYPE_AAAA = 28;
  static final int TYPE_SRV = 33;
  static final int CLASS_IN = 1;
  static final int RCODE_SUCCESS = 0;
  static final int RCODE_SERVER_FAILURE = 2;
  static final int RCODE_NAME_ERROR = 3;
  private static final int HEADER_BYTES = 12;
  private static final int MAX_POINTER_JUMPS = 64;

  /** Returns the type code for a type name such as {@code "SRV"}. */
  static int typeCode(String type) {
    return switch (type) {
      case "A" -> TYPE_A;
      case "AAAA" -> TYPE_AAAA;
      case "SRV" -> TYPE_SRV;
      case "MX" -> TYPE_MX;
      case "NS" -> TYPE_NS;
      default -> throw new IllegalArgumentException("invalid DNS-SD records type " + type);
    };
  }

  /** Encodes a recursive query for {@code fqdn} (with or without the final dot). */
  static byte[] encodeQuery(int id, String fqdn, int qtype) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_BYTES + fqdn.length() + 6);
    writeShort(out, id);
    writeShort(out, 0x0100); // RD
    writeShort(out, 1);
    writeShort(out, 0);
    writeShort(out, 0);
    writeShort(out, 0);
    writeName(out, fqdn);
    writeShort(out, qtype);
    writeShort(out, CLASS_IN);
    return out.toByteArray();
  }

  /** Writes {@code name} as a sequence of length-prefixed labels ending in the root label. */
  static void writeName(ByteArrayOutputStream out, String name) {
    for (String label : name.split("\\.")) {
      if (label.isEmpty()) {
        continue;
      }
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      if (bytes.length > 63) {
        throw new IllegalArgumentException("DNS label longer than 63 bytes: " + label);
      }
      out.write(bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    out.write(0);
  }

  static void writeShort(ByteArrayOutputStream out, int v) {
    out.write((v >>> 8) & 0xff);
    out.write(v & 0xff);
  }

  /**
   * Decodes a response.
   *
   * @throws IllegalArgumentException if the message is malformed
   */
  static DnsMessage decode(byte[] msg, int length) {
    try {
      if (length < HEADER_BYTES) {
        throw new IllegalArgumentException("dns: short message");
      }
      int id = u16(msg, 0);
      int flags = u16(msg, 2);
      int qdcount = u16(msg, 4);
      int ancount = u16(msg, 6);
      int[] pos = {HEADER_BYTES};
      for (int i = 0; i < qdcount; i++) {
        readName(msg, length, pos);
        pos[0] += 4;
      }
      List<DnsRecord> answers = new ArrayList<>(ancount);
      for (int i = 0; i < ancount; i++) {
        readName(msg, length, pos);
        int type = u16(msg, pos[0]);
        int rdlength = u16(msg, pos[0] + 8);
        int rdata = pos[0] + 10;
        if (rdata + rdlength > length) {
          throw new IllegalArgumentException("dns: record overflows message");
        }
        answers.add(decodeRecord(msg, length, type, rdata, rdlength));
        pos[0] = rdata + rdlength;
      }
      return new DnsMessage(id, flags & 0xf, (flags & 0x0200) != 0, answers);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("dns: truncated message", e);
    }
  }

  private static DnsRecord decodeRecord(byte[] msg, int length, int type, int at, int len) {
    int[] pos = {at};
    return switch (type) {
      case TYPE_A -> {
        requireLength(len, 4);
        yield new DnsRecord(type, formatIpv4(msg, at), 0);
      }
      case TYPE_AAAA -> {
        requireLength(len, 16);
        yield new DnsRecord(type, formatIpv6(msg, at), 0);
      }
      case TYPE_SRV -> {
        int port = u16(msg, at + 4);
        pos[0] = at + 6;
        yield new DnsRecord(type, readName(msg, length, pos), port);
      }
      case TYPE_MX -> {
        pos[0] = at + 2;
        yield new DnsRecord(type, readName(msg, length, pos), 0);
      }
      case TYPE_NS, TYPE_CNAME -> new DnsRecord(type, readName(msg, length, pos), 0);
      default -> new DnsRecord(type, "", 0);
    };
  }

  private static void requireLength(int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("dns: bad rdata length " + actual);
    }
  }

  /** Reads a possibly compressed name at {@code pos[0]}, advancing it; returns it rooted. */
  static String readName(byte[] msg, int length, int[] pos) {
    StringBuilder sb = new StringBuilder();
    int p = pos[0];
    int end = -1;
    int jumps = 0;
    while (true) {
      if (p >= length) {
        throw new IllegalArgumentException("dns: name overflows message");
      }
      int len = msg[p] & 0xff;
      if ((len & 0xc0) == 0xc0) {
        if (++jumps > MAX_POINTER_JUMPS) {
          throw new IllegalArgumentException("dns: too many compression pointers");
        }
        if (end < 0) {
          end = p + 2;
        }
        p = ((len & 0x3f) << 8) | (msg[p + 1] & 0xff);
        continue;
      }
      if (len == 0) {
        p++;
        break;
      }
      if (p + 1 + len > length) {
        throw new IllegalArgumentException("dns: label overflows message");
      }
      sb.append(new String(msg, p + 1, len, StandardCharsets.US_ASCII)).append('.');
      p += 1 + len;
    }
    pos[0] = end < 0 ? p : end;
    return sb.isEmpty() ? "." : sb.toString();
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static String formatIpv4(byte[] b, int at) {
    return (b[at] & 0xff)
        + "."
        + (b[at + 1] & 0xff)
        + "."
        + (b[at + 2] & 0xff)
        + "."
        + (b[at + 3] & 0xff);
  }

  /** Formats an IPv6 address as Go's {@code net.IP.String()} does (RFC 5952 compression). */
  static String formatIpv6(byte[] b, int at) {
    boolean v4Mapped = true;
    for (int i = 0; i < 10; i++) {
      v4Mapped &= b[at + i] == 0;
    }
    if (v4Mapped && (b[at + 10] & 0xff) == 0xff && (b[at + 11] & 0xff) == 0xff) {
      return formatIpv4(b, at + 12);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = u16(b, at + 2 * i);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
