package io.argus.alertmanager.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertMarkerTest {
  @Test
  void status_movesBetweenActiveAndSuppressed() {
    AlertMarker m = new AlertMarker();
    assertThat(m.status(1)).isEqualTo(AlertStatus.UNPROCESSED);

    m.setSilenced(1, List.of());
    assertThat(m.status(1).state()).isEqualTo(AlertState.ACTIVE);

    m.setSilenced(1, List.of("s1"));
    assertThat(m.status(1).state()).isEqualTo(AlertState.SUPPRESSED);
    assertThat(m.status(1).silenced()).isTrue();
    assertThat(m.status(1).inhibited()).isFalse();

    m.setInhibited(1, List.of("00000000000000ab"));
    m.setSilenced(1, List.of());
    assertThat(m.status(1).state()).isEqualTo(AlertState.SUPPRESSED);
    assertThat(m.status(1).inhibitedBy()).containsExactly("00000000000000ab");
    assertThat(m.status(1).silencedBy()).isEmpty();

    m.setInhibited(1, List.of());
    assertThat(m.status(1).state()).isEqualTo(AlertState.ACTIVE);

    m.delete(1);
    assertThat(m.status(1).state()).isEqualTo(AlertState.UNPROCESSED);
  }

  @Test
  void metrics_countMarkedAlertsByState() {
    PrometheusRegistry reg = new PrometheusRegistry();
    AlertMarker m = new AlertMarker(reg);
    m.setSilenced(1, List.of());
    m.setSilenced(2, List.of("s"));
    m.setInhibited(3, List.of("x"));
    GaugeSnapshot g =
        (GaugeSnapshot)
            reg.scrape().stream()
                .filter(s -> s.getMetadata().getName().equals("alertmanager_marked_alerts"))
                .findFirst()
                .orElseThrow();
    assertThat(g.getDataPoints())
        .anySatisfy(
            d -> {
              assertThat(d.getLabels().get("state")).isEqualTo("suppressed");
              assertThat(d.getValue()).isEqualTo(2);
            })
        .anySatisfy(
            d -> {
              assertThat(d.getLabels().get("state")).isEqualTo("active");
              assertThat(d.getValue()).isEqualTo(1);
            });
  }
}
