package io.argus.store.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.store.MemoryStore;
import io.argus.store.StoreException;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointSetTest {
  private final ManualClock clock = new ManualClock(1_000_000);
  private final Map<String, MemoryStore> stores = new HashMap<>();
  private final Map<String, List<String>> dns = new HashMap<>();

  private EndpointSet set(List<EndpointSpec> specs) {
    return new EndpointSet(
        specs,
        (address, kind) ->
            stores.computeIfAbsent(address, a -> MemoryStore.of(a, Labels.of("replica", a))),
        address -> {
          List<String> r = dns.get(address);
          if (r == null) {
            return List.of(address);
          }
          if (r.isEmpty()) {
            throw new IOException("lookup " + address + ": no such host");
          }
          return r;
        },
        Duration.ofSeconds(5),
        Duration.ofMinutes(5),
        clock,
        new PrometheusRegistry());
  }

  @Test
  void refresh_recordsInfoAndHealth() {
    try (EndpointSet set =
        set(List.of(new EndpointSpec("a:1", EndpointSpec.Kind.STORE_API, false)))) {
      set.refresh();
      StoreEndpoint a = set.endpoints().getFirst();
      assertThat(a.healthy()).isTrue();
      assertThat(a.info().labelSets()).containsExactly(Labels.of("replica", "a:1"));
      assertThat(a.lastCheck()).isEqualTo(1_000_000);

      stores.get("a:1").failWith(new StoreException("connection refused"));
      clock.advanceMillis(5_000);
      set.refresh();
      a = set.endpoints().getFirst();
      assertThat(a.healthy()).isFalse();
      assertThat(a.queryable()).isFalse();
      assertThat(a.lastError()).isEqualTo("connection refused");
      assertThat(a.info()).isNotNull();
    }
  }

  @Test
  void refresh_removesLongUnhealthyEndpointsButKeepsStrictOnes() {
    try (EndpointSet set =
        set(
            List.of(
                new EndpointSpec("a:1", EndpointSpec.Kind.STORE_API, false),
                new EndpointSpec("s:1", EndpointSpec.Kind.STORE_API, true)))) {
      set.refresh();
      stores.get("a:1").failWith(new StoreException("down"));
      stores.get("s:1").failWith(new StoreException("down"));
      clock.advanceMillis(299_000);
      set.refresh();
      assertThat(set.endpoints()).extracting(StoreEndpoint::address).containsExactly("a:1", "s:1");
      clock.advanceMillis(1_000);
      set.refresh();
      assertThat(set.endpoints()).extracting(StoreEndpoint::address).containsExactly("s:1");
      assertThat(set.endpoints().getFirst().queryable()).isTrue();
    }
  }

  @Test
  void refresh_followsDnsAndKeepsAddressesWhenALookupFails() {
    dns.put("dns+svc:10901", List.of("10.0.0.1:10901", "10.0.0.2:10901"));
    try (EndpointSet set =
        set(List.of(new EndpointSpec("dns+svc:10901", EndpointSpec.Kind.STORE_API, false)))) {
      set.refresh();
      assertThat(set.endpoints())
          .extracting(StoreEndpoint::address)
          .containsExactly("10.0.0.1:10901", "10.0.0.2:10901");
      dns.put("dns+svc:10901", List.of());
      set.refresh();
      assertThat(set.endpoints()).hasSize(2);
      dns.put("dns+svc:10901", List.of("10.0.0.2:10901"));
      set.refresh();
      assertThat(set.endpoints())
          .extracting(StoreEndpoint::address)
          .containsExactly("10.0.0.2:10901");
    }
  }

  @Test
  void dnsResolver_expandsDnsPrefixAndPassesPlainAddresses() throws IOException {
    assertThat(EndpointResolver.DNS.resolve("127.0.0.1:10901")).containsExactly("127.0.0.1:10901");
    assertThat(EndpointResolver.DNS.resolve("dns+localhost:10901")).contains("127.0.0.1:10901");
  }
}
