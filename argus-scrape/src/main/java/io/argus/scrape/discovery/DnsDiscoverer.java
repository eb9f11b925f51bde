package io.argus.scrape.discovery;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.util.Cancellation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queries DNS records every refresh interval ({@code dns_sd_configs}).
 *
 * <p>Each name yields one group with that name as its source. A and AAAA records give {@code
 * __address__=ip:port}; SRV records give {@code target:srvport} (the final dot trimmed); MX and NS
 * records give {@code host:port}. Targets carry {@code __meta_dns_name} and, by type, {@code
 * __meta_dns_srv_record_target}, {@code __meta_dns_srv_record_port}, {@code
 * __meta_dns_mx_record_target} or {@code __meta_dns_ns_record_target} (rooted names, as received).
 * A name that does not exist yields an empty group; a failed lookup keeps the last group.
 */
public final class DnsDiscoverer implements Discoverer {
  static final String NAME_LABEL = "__meta_dns_name";
  static final String SRV_TARGET_LABEL = "__meta_dns_srv_record_target";
  static final String SRV_PORT_LABEL = "__meta_dns_srv_record_port";
  static final String MX_TARGET_LABEL = "__meta_dns_mx_record_target";
  static final String NS_TARGET_LABEL = "__meta_dns_ns_record_target";
  private static final Logger logger = LoggerFactory.getLogger(DnsDiscoverer.class);

  private final DnsSdSettings settings;
  private final DnsClient client;
  private final Waiter waiter;
  private final DiscoveryMetrics metrics;
  private final int qtype;
  private final Map<String, TargetGroup> lastSent = new HashMap<>();

  DnsDiscoverer(DnsSdSettings settings, DnsClient client, Waiter waiter, DiscoveryMetrics metrics) {
    this.settings = settings;
    this.client = client;
    this.waiter = waiter;
    this.metrics = metrics;
    this.qtype = DnsMessage.typeCode(settings.type());
  }

  @Override
  public void run(Cancellation c, Consumer<List<TargetGroup>> updates) {
    Wakeup never = new Wakeup();
    while (true) {
      c.check();
      List<TargetGroup> changed = new ArrayList<>();
      for (String name : settings.names()) {
        c.check();
        TargetGroup group = refreshOne(name);
        if (group != null && !group.equals(lastSent.get(name))) {
          lastSent.put(name, group);
          changed.add(group);
        }
      }
      if (!changed.isEmpty()) {
        updates.accept(changed);
      }
      waiter.await(never, settings.refreshIntervalMs(), c);
    }
  }

  private @Nullable TargetGroup refreshOne(String name) {
    DnsMessage response;
    metrics.dnsLookups.inc();
    try {
      response = client.lookup(name, qtype);
    } catch (IOException e) {
      metrics.dnsLookupFailures.inc();
      if (Thread.currentThread().isInterrupted()) {
        throw new Cancellation.CancelledException("interrupted");
      }
      logger
          .atError()
          .addKeyValue("name", name)
          .addKeyValue("err", e.getMessage())
          .log("error refreshing dns targets");
      return null;
    }
    List<Labels> targets = new ArrayList<>();
    LabelsBuilder b = new LabelsBuilder();
    for (DnsRecord r : response.answers()) {
      b.reset().set(NAME_LABEL, name);
      switch (r.type()) {
        case DnsMessage.TYPE_SRV -> {
          b.set(SRV_TARGET_LABEL, r.target());
          b.set(SRV_PORT_LABEL, Integer.toString(r.port()));
          b.set("__address__", hostPort(trimRoot(r.target()), r.port()));
        }
        case DnsMessage.TYPE_MX -> {
          b.set(MX_TARGET_LABEL, r.target());
          b.set("__address__", hostPort(trimRoot(r.target()), settings.port()));
        }
        case DnsMessage.TYPE_NS -> {
          b.set(NS_TARGET_LABEL, r.target());
          b.set("__address__", hostPort(trimRoot(r.target()), settings.port()));
        }
        case DnsMessage.TYPE_A, DnsMessage.TYPE_AAAA ->
            b.set("__address__", hostPort(r.target(), settings.port()));
        case DnsMessage.TYPE_CNAME -> {
          continue;
        }
        default -> {
          logger.atWarn().addKeyValue("type", r.type()).log("invalid record");
          continue;
        }
      }
      targets.add(b.build());
    }
    return new TargetGroup(name, targets, Labels.EMPTY);
  }

  private static String trimRoot(String name) {
    int end = name.length();
    while (end > 0 && name.charAt(end - 1) == '.') {
      end--;
    }
    return name.substring(0, end);
  }

  /** Joins host and port as Go's {@code net.JoinHostPort} does (brackets around IPv6). */
  static String hostPort(String host, int port) {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
