package io.argus.scrape.discovery;

import java.util.List;
import java.util.Locale;

/**
 * One {@code dns_sd_configs} entry.
 *
 * @param names the DNS names to query
 * @param type the record type: {@code SRV} (upstream's default), {@code A}, {@code AAAA}, {@code
 *     MX} or {@code NS}
 * @param port the port of the targets for every type but SRV; 0 when unset
 * @param refreshIntervalMs how often to query
 */
public record DnsSdSettings(List<String> names, String type, int port, long refreshIntervalMs)
    implements DiscovererFactory {
  /** Upstream's default refresh interval, 30 seconds. */
  public static final long DEFAULT_REFRESH_INTERVAL_MS = 30_000L;

  public DnsSdSettings {
    names = List.copyOf(names);
    type = type.toUpperCase(Locale.ROOT);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("DNS-SD config must contain at least one SRV record name");
    }
    switch (type) {
      case "SRV" -> {}
      case "A", "AAAA", "MX", "NS" -> {
        if (port == 0) {
          throw new IllegalArgumentException(
              "a port is required in DNS-SD configs for all record types except SRV");
        }
      }
      default -> throw new IllegalArgumentException("invalid DNS-SD records type " + type);
    }
    if (refreshIntervalMs <= 0) {
      throw new IllegalArgumentException("refresh_interval must be positive");
    }
  }

  @Override
  public Discoverer create(DiscoveryContext context) {
    DnsClient client =
        context.dnsServers().isEmpty()
            ? DnsClient.fromResolvConf()
            : new DnsClient(DnsClient.Config.ofServers(context.dnsServers()));
    return new DnsDiscoverer(this, client, context.waiter(), context.metrics());
  }
}
