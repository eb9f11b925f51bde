package io.argus.alertmanager.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.model.labels.Labels;
import io.argus.testkit.ManualClock;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailNotifierTest {
  private final ManualClock clock =
      new ManualClock(Instant.parse("2026-01-05T10:00:00Z").toEpochMilli());
  private GreenMail mail;

  @BeforeEach
  void start() {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    mail.setUser("am@example.org", "amuser", "s3cret");
  }

  @AfterEach
  void stop() {
    mail.stop();
  }

  private Notifier notifier(String extra) throws Exception {
    String yaml =
        """
        route: {receiver: mail}
        receivers:
          - name: mail
            email_configs:
              - to: 'ops@example.org, Dev Team <dev@example.org>'
                from: 'Argus <am@example.org>'
                smarthost: '127.0.0.1:%d'
                auth_username: amuser
                require_tls: false
                text: '{{ template "email.default.text" . }}'
        %s\
        """
            .formatted(mail.getSmtp().getPort(), extra);
    Receivers r =
        Receivers.build(
            ConfigLoader.load(yaml, ZoneOffset.UTC),
            NotificationTemplates.defaults(),
            clock,
            "http://am.example:9093");
    Integration i = r.integrations().get("mail").getFirst();
    assertThat(i.name()).isEqualTo("email");
    return i.notifier();
  }

  private NotificationContext ctx() {
    return new NotificationContext(
        "mail",
        "{}:{alertname=\"DiskFull\"}",
        Labels.of("alertname", "DiskFull"),
        Instant.ofEpochMilli(clock.millis()),
        3_600_000,
        clock.millis() + 10_000,
        List.of(),
        List.of());
  }

  private List<Alert> alerts() {
    Instant now = Instant.ofEpochMilli(clock.millis());
    return List.of(
        new Alert(
            Labels.of("alertname", "DiskFull", "instance", "a:9100", "severity", "page"),
            Map.of("summary", "disk almost full"),
            now.minusSeconds(60),
            Alert.ZERO,
            "http://prom/graph",
            now,
            false));
  }

  @Test
  void send_deliversMultipartMailToEveryRecipientWithAuth() throws Exception {
    notifier("        auth_password: s3cret\n").send(ctx(), alerts());
    MimeMessage[] got = mail.getReceivedMessages();
    assertThat(got).hasSize(2);
    MimeMessage m = got[0];
    assertThat(m.getSubject()).isEqualTo("[FIRING:1] DiskFull (a:9100 page)");
    assertThat(Arrays.stream(m.getAllRecipients()).map(Address::toString))
        .contains("ops@example.org");
    assertThat(m.getFrom()[0].toString()).contains("am@example.org");
    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat((String) parts.getBodyPart(0).getContent())
        .contains("Alerts Firing:")
        .contains(" - summary = disk almost full");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat((String) parts.getBodyPart(1).getContent())
        .contains("<title>[FIRING:1] DiskFull (a:9100 page)</title>")
        .contains("http://am.example:9093/#/alerts?receiver=mail");
    assertThat(GreenMailUtil.getHeaders(m)).contains("MIME-Version: 1.0");
  }

  @Test
  void send_wrongPasswordIsAFinalError() throws Exception {
    Notifier n = notifier("        auth_password: wrong\n");
    assertThatThrownBy(() -> n.send(ctx(), alerts()))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("535")
        .satisfies(e -> assertThat(((NotifyException) e).retryable()).isFalse());
    assertThat(mail.getReceivedMessages()).isEmpty();
  }

  @Test
  void send_requireTlsWithoutStarttlsIsAnError() throws Exception {
    String yaml =
        """
        route: {receiver: mail}
        receivers:
          - name: mail
            email_configs:
              - to: 'ops@example.org'
                from: 'am@example.org'
                smarthost: '127.0.0.1:%d'
        """
            .formatted(mail.getSmtp().getPort());
    Notifier n =
        Receivers.build(
                ConfigLoader.load(yaml, ZoneOffset.UTC),
                NotificationTemplates.defaults(),
                clock,
                "")
            .integrations()
            .get("mail")
            .getFirst()
            .notifier();
    assertThatThrownBy(() -> n.send(ctx(), alerts()))
        .hasMessageContaining("does not advertise the STARTTLS extension");
  }
}
