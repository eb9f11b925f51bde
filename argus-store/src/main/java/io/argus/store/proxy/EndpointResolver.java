package io.argus.store.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Turns a configured endpoint address into the addresses to connect to, as Thanos does: {@code
 * dns+host:port} becomes one {@code ip:port} per A/AAAA record, {@code dnssrv+_svc._tcp.name} one
 * {@code host:port} per SRV record (target and port of the record), anything else is used as it is.
 * Thread-safe.
 */
@FunctionalInterface
public interface EndpointResolver {
  /**
   * Returns the addresses {@code address} stands for now.
   *
   * @throws IOException when a DNS name does not resolve
   */
  List<String> resolve(String address) throws IOException;

  /** The resolver over the system's DNS (queried on every call; the JVM's cache applies). */
  EndpointResolver DNS = EndpointResolver::resolveWithDns;

  private static List<String> resolveWithDns(String address) throws IOException {
    if (address.startsWith("dnssrv+")) {
      return srv(address.substring("dnssrv+".length()));
    }
    if (address.startsWith("dns+")) {
      String hostPort = address.substring("dns+".length());
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new IOException("address " + hostPort + ": missing port in address");
      }
      String host = hostPort.substring(0, colon);
      String port = hostPort.substring(colon + 1);
      List<String> out = new ArrayList<>();
      for (InetAddress a : InetAddress.getAllByName(host)) {
        String ip = a.getHostAddress();
        out.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port);
      }
      return out;
    }
    return List.of(address);
  }

  private static List<String> srv(String name) throws IOException {
    Hashtable<String, String> env = new Hashtable<>();
    env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
    try {
      DirContext ctx = new InitialDirContext(env);
      try {
        Attributes attrs = ctx.getAttributes(name, new String[] {"SRV"});
        Attribute srv = attrs.get("SRV");
        if (srv == null) {
          throw new UnknownHostException("lookup " + name + ": no SRV records");
        }
        List<String> out = new ArrayList<>();
        NamingEnumeration<?> records = srv.getAll();
        while (records.hasMore()) {
          // priority weight port target
          String[] parts = String.valueOf(records.next()).trim().split("\\s+");
          if (parts.length != 4) {
            continue;
          }
          String target =
              parts[3].endsWith(".") ? parts[3].substring(0, parts[3].length() - 1) : parts[3];
          out.add(target + ":" + parts[2]);
        }
        return out;
      } finally {
        ctx.close();
      }
    } catch (NamingException e) {
      throw new UnknownHostException("lookup " + name + ": " + e.getMessage());
    }
  }
}
