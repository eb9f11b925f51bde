package io.argus.alertmanager.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.alertmanager.alert.Alert;
import io.argus.model.labels.Labels;
import io.argus.template.Template;
import io.argus.template.TemplateException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationTemplatesTest {
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  private static Alert alert(Instant endsAt, String... labels) {
    return new Alert(
        Labels.of(labels),
        Map.of("summary", "s"),
        NOW.minusSeconds(60),
        endsAt,
        "http://g",
        NOW,
        false);
  }

  private static NotificationData data() {
    return NotificationData.of(
        "team.a+b",
        Labels.of("alertname", "Disk"),
        List.of(
            alert(Alert.ZERO, "alertname", "Disk", "env", "prod", "instance", "a"),
            alert(NOW.minusSeconds(1), "alertname", "Disk", "env", "prod", "instance", "b")),
        NOW,
        "http://am");
  }

  @Test
  void of_computesStatusCommonLabelsAndQuotedReceiver() {
    NotificationData d = data();
    assertThat(d.status()).isEqualTo("firing");
    assertThat(d.receiver()).isEqualTo("team\\.a\\+b");
    assertThat(d.commonLabels())
        .containsExactly(Map.entry("alertname", "Disk"), Map.entry("env", "prod"));
    assertThat(d.commonAnnotations()).containsExactly(Map.entry("summary", "s"));
    assertThat(d.firing()).hasSize(1);
    assertThat(d.resolved())
        .singleElement()
        .satisfies(a -> assertThat(a.labels()).containsEntry("instance", "b"));
  }

  @Test
  void expand_dataModelAndKvMethods() throws Exception {
    NotificationTemplates t = NotificationTemplates.defaults();
    NotificationData d = data();
    assertThat(t.expand("{{ .Status }} {{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }}", d))
        .isEqualTo("firing 1/1");
    assertThat(
            t.expand("{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }};{{ end }}", d))
        .isEqualTo("alertname=Disk;env=prod;");
    assertThat(
            t.expand(
                "{{ .CommonLabels.Names | join \",\" }}|{{ .CommonLabels.Values | join \",\" }}",
                d))
        .isEqualTo("alertname,env|Disk,prod");
    assertThat(t.expand("{{ (.CommonLabels.Remove (stringSlice \"env\")).Names }}", d))
        .isEqualTo("[alertname]");
    assertThat(t.expand("{{ .CommonLabels.env }} {{ .GroupLabels.alertname | toUpper }}", d))
        .isEqualTo("prod DISK");
    assertThat(
            t.expand(
                "{{ range .Alerts.Resolved }}{{ .Labels.instance }} {{ .EndsAt.Unix }}{{ end }}",
                d))
        .isEqualTo("b " + NOW.minusSeconds(1).getEpochSecond());
    assertThat(t.expand("{{ .ExternalURL }}", d)).isEqualTo("http://am");
  }

  @Test
  void expand_defaultSubjectListsGroupAndExtraCommonValues() throws Exception {
    NotificationTemplates t = NotificationTemplates.defaults();
    assertThat(t.executeDefined("email.default.subject", data()))
        .isEqualTo("[FIRING:1] Disk (prod)");
    NotificationData resolved =
        NotificationData.of(
            "r",
            Labels.of("alertname", "Disk"),
            List.of(alert(NOW.minusSeconds(1), "alertname", "Disk")),
            NOW,
            "");
    assertThat(t.executeDefined("slack.default.title", resolved)).isEqualTo("[RESOLVED] Disk");
  }

  @Test
  void withFiles_userDefinitionsReplaceDefaults() throws Exception {
    NotificationTemplates t =
        NotificationTemplates.withFiles(
            List.of(
                new Template.Source(
                    "my.tmpl", "{{ define \"__subject\" }}custom {{ .Status }}{{ end }}")));
    assertThat(t.executeDefined("email.default.subject", data())).isEqualTo("custom firing");
  }

  @Test
  void expand_errorsAreReported() {
    NotificationTemplates t = NotificationTemplates.defaults();
    assertThatThrownBy(() -> t.expand("{{ template \"nope\" . }}", data()))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(
            () ->
                NotificationTemplates.withFiles(
                    List.of(new Template.Source("bad.tmpl", "{{ if }}"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void goTimeJson_formatsAsGo() {
    assertThat(GoTimeJson.format(Alert.ZERO)).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(GoTimeJson.format(Instant.parse("2026-11-27T05:50:00.123400Z")))
        .isEqualTo("2026-11-27T05:50:00.1234Z");
  }
}
