package io.argus.template.prometheus;

import org.jspecify.annotations.Nullable;

/** Go's {@code net.SplitHostPort}, {@code net.JoinHostPort} and {@code net.ParseIP}. */
final class GoNet {
  private GoNet() {}

  /** Host and port of {@code hostPort}, or null where Go's {@code SplitHostPort} fails. */
  static String @Nullable [] splitHostPort(String hostPort) {
    int i = hostPort.lastIndexOf(':');
    if (i < 0) {
      return null;
    }
    String host;
    int j = 0;
    int k = 0;
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      if (end < 0 || end + 1 != i) {
        return null;
      }
      host = hostPort.substring(1, end);
      j = 1;
      k = end + 1;
    } else {
      host = hostPort.substring(0, i);
      if (host.indexOf(':') >= 0) {
        return null;
      }
    }
    if (hostPort.indexOf('[', j) >= 0 || hostPort.indexOf(']', k) >= 0) {
      return null;
    }
    return new String[] {host, hostPort.substring(i + 1)};
  }

  static String joinHostPort(String host, String port) {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  static boolean isIp(String s) {
    return s.indexOf(':') >= 0 ? isIpv6(s) : isIpv4(s);
  }

  private static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      if (p.length() > 1 && p.charAt(0) == '0') {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String s) {
    int groups = 0;
    boolean ellipsis = false;
    String rest = s;
    if (rest.startsWith("::")) {
      ellipsis = true;
      rest = rest.substring(2);
      if (rest.isEmpty()) {
        return true;
      }
    }
    while (!rest.isEmpty()) {
      int colon = rest.indexOf(':');
      String part = colon < 0 ? rest : rest.substring(0, colon);
      if (part.indexOf('.') >= 0 && colon < 0) {
        if (!isIpv4(part)) {
          return false;
        }
        groups += 2;
        break;
      }
      if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(GoNet::isHex)) {
        return false;
      }
      groups++;
      if (colon < 0) {
        break;
      }
      rest = rest.substring(colon + 1);
      if (rest.startsWith(":")) {
        if (ellipsis) {
          return false;
        }
        ellipsis = true;
        rest = rest.substring(1);
        if (rest.isEmpty()) {
          break;
        }
      } else if (rest.isEmpty()) {
        return false;
      }
    }
    return ellipsis ? groups < 8 : groups == 8;
  }

  private static boolean isHex(int c) {
    return Character.digit(c, 16) >= 0 && c < 0x80;
  }
}
