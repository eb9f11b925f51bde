package io.argus.alertmanager.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Resolves {@code --cluster.peer} values to socket addresses: {@code host:port} by A/AAAA records
 * (every address), an IP literal as is, and {@code dnssrv+_service._proto.name} by SRV records
 * (every target's A/AAAA records at the record's port), so a Kubernetes headless service works.
 * Stateless and thread-safe; every call queries DNS anew (the JVM's address cache applies).
 */
final class PeerResolver {
  static final String SRV_PREFIX = "dnssrv+";

  private PeerResolver() {}

  /** Splits {@code host:port} (IPv6 in brackets); throws IllegalArgumentException when bad. */
  static InetSocketAddress parseHostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("address " + hostPort + ": missing port in address");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address " + hostPort + ": invalid port");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("address " + hostPort + ": invalid port");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /**
   * Resolves one peer value; returns the addresses found, empty when the name does not resolve
   * (reported through the exception).
   *
   * @throws UnknownHostException when the name has no records or DNS fails
   */
  static List<InetSocketAddress> resolve(String peer) throws UnknownHostException {
    if (peer.startsWith(SRV_PREFIX)) {
      return resolveSrv(peer.substring(SRV_PREFIX.length()));
    }
    InetSocketAddress hp = parseHostPort(peer);
    List<InetSocketAddress> out = new ArrayList<>();
    for (InetAddress a : InetAddress.getAllByName(hp.getHostString())) {
      out.add(new InetSocketAddress(a, hp.getPort()));
    }
    return out;
  }

  /** Resolves every peer value; names that fail are skipped and listed in {@code failures}. */
  static Set<InetSocketAddress> resolveAll(List<String> peers, List<String> failures) {
    Set<InetSocketAddress> out = new LinkedHashSet<>();
    for (String p : peers) {
      try {
        out.addAll(resolve(p));
      } catch (UnknownHostException | IllegalArgumentException e) {
        failures.add(p + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static List<InetSocketAddress> resolveSrv(String name) throws UnknownHostException {
    Hashtable<String, String> env = new Hashtable<>();
    env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
    List<InetSocketAddress> out = new ArrayList<>();
    try {
      DirContext ctx = new InitialDirContext(env);
      try {
        Attributes attrs = ctx.getAttributes(name, new String[] {"SRV"});
        Attribute srv = attrs.get("SRV");
        if (srv == null) {
          throw new UnknownHostException("no SRV records for " + name);
        }
        NamingEnumeration<?> values = srv.getAll();
        while (values.hasMore()) {
          // priority weight port target
          String[] f = values.next().toString().trim().split("\\s+");
          if (f.length != 4) {
            continue;
          }
          int port = Integer.parseInt(f[2]);
          String target = f[3].endsWith(".") ? f[3].substring(0, f[3].length() - 1) : f[3];
          for (InetAddress a : InetAddress.getAllByName(target)) {
            out.add(new InetSocketAddress(a, port));
          }
        }
      } finally {
        ctx.close();
      }
    } catch (NamingException | NumberFormatException e) {
      UnknownHostException u = new UnknownHostException("lookup SRV " + name + ": " + e);
      u.initCause(e);
      throw u;
    }
    if (out.isEmpty()) {
      throw new UnknownHostException("no SRV targets resolved for " + name);
    }
    return out;
  }
}
