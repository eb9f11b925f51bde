package io.argus.rules.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsJsonTest {
  @Test
  void encode_firingAlert_matchesUpstreamPayload() {
    Alert a =
        new Alert(
            Labels.of("severity", "page", "alertname", "HighLatency", "job", "api"),
            Labels.of("summary", "p99 \"high\"", "description", "über"),
            1_700_000_000_123L,
            1_700_000_240_000L,
            "http://prom:9090/graph?g0.expr=up");
    String json = new String(AlertsJson.encode(List.of(a)), StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "[{\"annotations\":{\"description\":\"über\",\"summary\":\"p99 \\\"high\\\"\"},"
                + "\"endsAt\":\"2023-11-14T22:17:20.000Z\","
                + "\"startsAt\":\"2023-11-14T22:13:20.123Z\","
                + "\"generatorURL\":\"http://prom:9090/graph?g0.expr=up\","
                + "\"labels\":{\"alertname\":\"HighLatency\",\"job\":\"api\","
                + "\"severity\":\"page\"}}]");
  }

  @Test
  void encode_noAnnotationsNoGeneratorNoEnd_leavesThemOutOrZero() {
    Alert a = new Alert(Labels.of("alertname", "X"), Labels.EMPTY, 1_000L, 0L, "");
    String json = new String(AlertsJson.encode(List.of(a, a)), StandardCharsets.UTF_8);
    String one =
        "{\"endsAt\":\"0001-01-01T00:00:00.000Z\",\"startsAt\":\"1970-01-01T00:00:01.000Z\","
            + "\"labels\":{\"alertname\":\"X\"}}";
    assertThat(json).isEqualTo("[" + one + "," + one + "]");
  }

  @Test
  void encode_empty_isEmptyArray() {
    assertThat(new String(AlertsJson.encode(List.of()), StandardCharsets.UTF_8)).isEqualTo("[]");
  }
}
