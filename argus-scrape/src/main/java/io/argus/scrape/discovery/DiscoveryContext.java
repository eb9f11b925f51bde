package io.argus.scrape.discovery;

import io.argus.util.Clock;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What discoverers share: time, the waiter that paces refreshes, metrics and the DNS servers.
 *
 * @param clock the source of time
 * @param waiter paces refresh loops
 * @param metrics the discovery metrics to update
 * @param dnsServers name servers for DNS discovery; empty means those of {@code /etc/resolv.conf}
 */
public record DiscoveryContext(
    Clock clock, Waiter waiter, DiscoveryMetrics metrics, List<InetSocketAddress> dnsServers) {
  public DiscoveryContext {
    dnsServers = List.copyOf(dnsServers);
  }

  /** Returns a context for production: the given clock, a clock-paced waiter, resolv.conf. */
  public static DiscoveryContext of(Clock clock, DiscoveryMetrics metrics) {
    return new DiscoveryContext(clock, Waiter.system(clock), metrics, List.of());
  }
}
