package io.argus.scrape.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which requests go through the proxy, as Go's http.ProxyURL and httpproxy decide. */
class ProxyRulesTest {
  private static final URI PROXY = URI.create("http://proxy.test:3128");

  private static URI via(ProxyRules rules, String url) {
    return rules.proxyFor(URI.create(url));
  }

  @Test
  void proxyUrlAlone_proxiesEverythingIncludingLoopback() {
    ProxyRules rules = ProxyRules.forUrl(PROXY.toString(), "");
    assertThat(via(rules, "http://127.0.0.1:9100/metrics")).isEqualTo(PROXY);
    assertThat(via(rules, "https://localhost/metrics")).isEqualTo(PROXY);
    assertThat(rules.select(URI.create("http://a.test/")))
        .singleElement()
        .extracting(Proxy::type)
        .isEqualTo(Proxy.Type.HTTP);
  }

  @Test
  void noProxy_matchesDomainsIpsCidrsAndPorts() {
    ProxyRules rules =
        ProxyRules.forUrl(
            PROXY.toString(), "example.com, .internal.test,10.0.0.0/8,192.0.2.7,a.test:8080");
    assertThat(via(rules, "http://example.com/")).isNull();
    assertThat(via(rules, "http://svc.example.com/")).isNull();
    assertThat(via(rules, "http://notexample.com/")).isEqualTo(PROXY);
    assertThat(via(rules, "http://internal.test/")).isEqualTo(PROXY);
    assertThat(via(rules, "http://db.internal.test/")).isNull();
    assertThat(via(rules, "http://10.1.2.3:9100/")).isNull();
    assertThat(via(rules, "http://11.1.2.3:9100/")).isEqualTo(PROXY);
    assertThat(via(rules, "http://192.0.2.7/")).isNull();
    assertThat(via(rules, "http://a.test:8080/")).isNull();
    assertThat(via(rules, "http://a.test:9090/")).isEqualTo(PROXY);
    assertThat(via(rules, "http://127.0.0.1:9090/")).isNull();
    assertThat(via(rules, "http://localhost:9090/")).isNull();
    assertThat(rules.select(URI.create("http://example.com/"))).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  void noProxyStar_disablesTheProxy() {
    assertThat(via(ProxyRules.forUrl(PROXY.toString(), "*"), "http://a.test/")).isNull();
  }

  @Test
  void fromEnvironment_usesTheSchemesVariable() {
    Map<String, String> env =
        Map.of(
            "HTTP_PROXY",
            "plain.test:3128",
            "https_proxy",
            "http://secure.test:3129",
            "NO_PROXY",
            "skip.test");
    ProxyRules rules = ProxyRules.fromEnvironment(env::get);
    assertThat(via(rules, "http://a.test/")).isEqualTo(URI.create("http://plain.test:3128"));
    assertThat(via(rules, "https://a.test/")).isEqualTo(URI.create("http://secure.test:3129"));
    assertThat(via(rules, "https://skip.test/")).isNull();
    assertThat(via(ProxyRules.fromEnvironment(name -> null), "http://a.test/")).isNull();
  }
}
