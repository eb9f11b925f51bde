package io.argus.scrape.discovery;

import static io.argus.scrape.discovery.TestDnsServer.a;
import static io.argus.scrape.discovery.TestDnsServer.aaaa;
import static io.argus.scrape.discovery.TestDnsServer.cname;
import static io.argus.scrape.discovery.TestDnsServer.mx;
import static io.argus.scrape.discovery.TestDnsServer.srv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DnsDiscovererTest {
  private final ManualWaiter waiter = new ManualWaiter();
  private final DiscoveryMetrics metrics = DiscoveryMetrics.register(new PrometheusRegistry());
  private TestDnsServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new TestDnsServer();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  private Discoverer discoverer(String type, int port, String... names) {
    DiscoveryContext context =
        new DiscoveryContext(Clock.SYSTEM, waiter, metrics, List.of(server.address()));
    return new DnsSdSettings(List.of(names), type, port, 30_000).create(context);
  }

  @Test
  void run_aRecords() throws Exception {
    server.set(
        "web.example.", DnsMessage.TYPE_A, cname("other.example."), a("10.0.0.1"), a("10.0.0.2"));
    try (DiscovererRun run = new DiscovererRun(discoverer("A", 9100, "web.example"))) {
      assertThat(run.next())
          .containsExactly(
              new TargetGroup(
                  "web.example",
                  List.of(
                      Labels.of("__address__", "10.0.0.1:9100", "__meta_dns_name", "web.example"),
                      Labels.of("__address__", "10.0.0.2:9100", "__meta_dns_name", "web.example")),
                  Labels.EMPTY));
    }
    assertThat(metrics.dnsLookups()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void run_aaaaRecords() throws Exception {
    server.set("v6.example.", DnsMessage.TYPE_AAAA, aaaa("::1"), aaaa("2001:db8::1"));
    try (DiscovererRun run = new DiscovererRun(discoverer("AAAA", 80, "v6.example."))) {
      assertThat(run.next().getFirst().targets())
          .extracting(l -> l.get("__address__"))
          .containsExactly("[::1]:80", "[2001:db8::1]:80");
    }
  }

  @Test
  void run_srvRecords() throws Exception {
    server.set("_metrics._tcp.example.", DnsMessage.TYPE_SRV, srv("node1.example.", 9100));
    try (DiscovererRun run = new DiscovererRun(discoverer("SRV", 0, "_metrics._tcp.example"))) {
      assertThat(run.next().getFirst().targets())
          .containsExactly(
              Labels.of(
                  "__address__", "node1.example:9100",
                  "__meta_dns_name", "_metrics._tcp.example",
                  "__meta_dns_srv_record_target", "node1.example.",
                  "__meta_dns_srv_record_port", "9100"));
    }
  }

  @Test
  void run_mxRecords() throws Exception {
    server.set("example.", DnsMessage.TYPE_MX, mx("mail.example."));
    try (DiscovererRun run = new DiscovererRun(discoverer("MX", 25, "example."))) {
      assertThat(run.next().getFirst().targets())
          .containsExactly(
              Labels.of(
                  "__address__", "mail.example:25",
                  "__meta_dns_name", "example.",
                  "__meta_dns_mx_record_target", "mail.example."));
    }
  }

  @Test
  void run_vanishedNameEmptiesGroupAndServerFailureKeepsIt() throws Exception {
    server.set("web.example.", DnsMessage.TYPE_A, a("10.0.0.1"));
    try (DiscovererRun run = new DiscovererRun(discoverer("A", 80, "web.example."))) {
      run.next();
      waiter.awaitEntries(1);

      server.fail("web.example.", DnsMessage.RCODE_SERVER_FAILURE);
      waiter.tickAndAwaitRound();
      assertThat(run.pending()).isZero();
      assertThat(metrics.dnsLookupFailures()).isEqualTo(1);

      server.fail("web.example.", DnsMessage.RCODE_NAME_ERROR);
      waiter.tickAndAwaitRound();
      assertThat(run.next()).containsExactly(TargetGroup.empty("web.example."));
      assertThat(metrics.dnsLookups()).isEqualTo(3);
    }
  }

  @Test
  void settings_requirePortExceptForSrv() {
    assertThatThrownBy(() -> new DnsSdSettings(List.of("x"), "A", 0, 1000))
        .hasMessage("a port is required in DNS-SD configs for all record types except SRV");
    assertThatThrownBy(() -> new DnsSdSettings(List.of("x"), "TXT", 1, 1000))
        .hasMessageContaining("invalid DNS-SD records type");
    assertThat(new DnsSdSettings(List.of("x"), "srv", 0, 1000).type()).isEqualTo("SRV");
  }

  static Stream<Arguments> ipv6() {
    return Stream.of(
        Arguments.of("::1", "::1"),
        Arguments.of("2001:db8::1", "2001:db8::1"),
        Arguments.of("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        Arguments.of("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        Arguments.of("::", "::"),
        Arguments.of("fe80::", "fe80::"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ipv6")
  void formatIpv6_likeGo(String input, String expected) throws Exception {
    byte[] bytes = InetAddress.getByName(input).getAddress();
    assertThat(DnsMessage.formatIpv6(bytes, 0)).isEqualTo(expected);
  }

  @Test
  void nameList_followsNdotsAndSearch() {
    DnsClient.Config config =
        DnsClient.Config.parseResolvConf(
            "# comment\nnameserver 10.0.0.53\nsearch corp.example svc\noptions ndots:2\n");
    assertThat(config.servers()).extracting(s -> s.getHostString()).containsExactly("10.0.0.53");
    assertThat(config.nameList("db")).containsExactly("db.corp.example.", "db.svc.", "db.");
    assertThat(config.nameList("a.b.c"))
        .containsExactly("a.b.c.", "a.b.c.corp.example.", "a.b.c.svc.");
    assertThat(config.nameList("rooted.")).containsExactly("rooted.");
  }

  @Test
  void lookup_searchPathFindsNameUnderDomain() throws Exception {
    server.set("db.corp.example.", DnsMessage.TYPE_A, a("10.1.1.1"));
    DnsClient client =
        new DnsClient(
            new DnsClient.Config(List.of(server.address()), List.of("corp.example"), 1, 2000));
    DnsMessage m = client.lookup("db", DnsMessage.TYPE_A);
    assertThat(m.answers()).containsExactly(new DnsRecord(DnsMessage.TYPE_A, "10.1.1.1", 0));
  }

  @Test
  void lookup_retriesOverTcpWhenTruncated() throws Exception {
    server.set("big.example.", DnsMessage.TYPE_A, a("10.2.2.2"));
    server.truncateUdp(true);
    DnsClient client = new DnsClient(DnsClient.Config.ofServers(List.of(server.address())));
    DnsMessage m = client.lookup("big.example.", DnsMessage.TYPE_A);
    assertThat(m.truncated()).isFalse();
    assertThat(m.answers()).containsExactly(new DnsRecord(DnsMessage.TYPE_A, "10.2.2.2", 0));
  }
}
