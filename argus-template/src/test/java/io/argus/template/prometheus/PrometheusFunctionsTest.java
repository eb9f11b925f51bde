package io.argus.template.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusFunctionsTest {
  private static final AlertTemplates.AlertData ALERT =
      new AlertTemplates.AlertData(Map.of("job", "api"), Map.of(), "", 3);

  private static String expand(String text, URI externalUrl) {
    return AlertTemplates.expandOrError(
        "A", text, ALERT, new EngineQueryFunction(Map.of()), 0, externalUrl);
  }

  @Test
  void externalUrl_andPathPrefix_comeFromTheUrl() {
    URI url = URI.create("http://prom.example.com:9090/monitoring/prom");
    assertThat(expand("{{ externalURL }}|{{ pathPrefix }}", url))
        .isEqualTo("http://prom.example.com:9090/monitoring/prom|/monitoring/prom");
  }

  @Test
  void pathPrefix_isEmptyWithoutPath() {
    assertThat(expand("[{{ pathPrefix }}]", URI.create("http://localhost:9090"))).isEqualTo("[]");
  }

  @Test
  void graphLink_canBePrefixedWithExternalUrl() {
    assertThat(expand("{{ externalURL }}{{ graphLink \"up == 0\" }}", URI.create("http://p:9090")))
        .isEqualTo("http://p:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=0");
  }

  @Test
  void query_withoutQueryFunction_failsLikeUpstreamWithoutEngine() {
    String out = AlertTemplates.expandOrError("A", "{{ query \"up\" }}", ALERT, null, 0, null);
    assertThat(out)
        .startsWith("<error expanding template: error executing template __alert_A:")
        .endsWith(
            "error calling query: runtime error: invalid memory address or nil pointer"
                + " dereference>");
  }

  @Test
  void query_evaluatesAtTheGivenTime() {
    EngineQueryFunction engine = new EngineQueryFunction(Map.of("m", "0+10x10"));
    String out =
        AlertTemplates.expandOrError(
            "A", "{{ query \"m\" | first | value }}", ALERT, engine, 180_000, null);
    assertThat(out).isEqualTo("30");
  }

  @Test
  void parseError_returnsGoMessageOrNull() {
    assertThat(AlertTemplates.parseError("A", "{{ $value }}")).isNull();
    assertThat(AlertTemplates.parseError("A", "{{ end }}"))
        .isEqualTo("template: __alert_A:1: unexpected {{end}}");
  }
}
