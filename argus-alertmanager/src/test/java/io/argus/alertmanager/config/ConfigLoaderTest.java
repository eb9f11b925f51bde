package io.argus.alertmanager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.alertmanager.matchers.Matchers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path tmp;

  private static AlertmanagerConfig load(String yaml) throws ConfigException {
    return ConfigLoader.load(yaml, ZoneOffset.UTC);
  }

  @Test
  void load_minimal_appliesUpstreamDefaults() throws Exception {
    AlertmanagerConfig c = load("route: {receiver: x}\nreceivers: [{name: x}]\n");

    assertThat(c.global().resolveTimeoutMillis()).isEqualTo(300_000);
    assertThat(c.global().smtpHello()).isEqualTo("localhost");
    assertThat(c.global().smtpRequireTls()).isTrue();
    assertThat(c.global().httpConfig()).isEqualTo(HttpClientConfig.DEFAULT);
    assertThat(String.valueOf(c.global().pagerdutyUrl()))
        .isEqualTo("https://events.pagerduty.com/v2/enqueue");
    assertThat(c.route().groupWaitMillis()).isNull();
    assertThat(c.templates()).isEmpty();
  }

  @Test
  void load_receivers_getGlobalSettingsAndKindDefaults() throws Exception {
    AlertmanagerConfig c =
        load(
            """
            global:
              smtp_smarthost: 'mail:25'
              smtp_from: am@example.org
              smtp_auth_password: pw
              opsgenie_api_key: og
              opsgenie_api_url: 'https://og.example.org/api'
              http_config: {follow_redirects: false}
            route: {receiver: r}
            receivers:
              - name: r
                email_configs: [{to: a@b, headers: {subject: S, x-custom-thing: v}}]
                webhook_configs: [{url: 'http://h/'}]
                slack_configs: [{api_url: 'https://hooks.slack.com/secret-path'}]
                pagerduty_configs: [{routing_key: rk, client: me}]
                opsgenie_configs: [{message: m}]
                webex_configs: [{room_id: r, http_config: {bearer_token: tok}}]
            """);
    Receiver r = c.receivers().getFirst();
    NotifierConfig.Email email = r.emailConfigs().getFirst();
    assertThat(email.smarthost()).isEqualTo(new HostPort("mail", "25"));
    assertThat(email.from()).isEqualTo("am@example.org");
    assertThat(email.authPassword().value()).isEqualTo("pw");
    assertThat(email.requireTls()).isTrue();
    assertThat(email.sendResolved()).isFalse();
    assertThat(email.headers()).containsOnlyKeys("Subject", "X-Custom-Thing");
    assertThat(email.html()).isEqualTo("{{ template \"email.default.html\" . }}");

    NotifierConfig.Webhook webhook = r.webhookConfigs().getFirst();
    assertThat(webhook.sendResolved()).isTrue();
    assertThat(webhook.httpConfig().followRedirects()).isFalse();

    assertThat(r.slackConfigs().getFirst().sendResolved()).isFalse();
    assertThat(r.pagerdutyConfigs().getFirst().sendResolved()).isTrue();
    assertThat(r.pagerdutyConfigs().getFirst().source()).isEqualTo("me");
    assertThat(r.pagerdutyConfigs().getFirst().details())
        .containsKeys("firing", "resolved", "num_firing", "num_resolved");
    assertThat(r.opsgenieConfigs().getFirst().apiUrl().url())
        .isEqualTo("https://og.example.org/api/");
    assertThat(r.opsgenieConfigs().getFirst().apiKey().value()).isEqualTo("og");
    HttpClientConfig webexHttp = r.webexConfigs().getFirst().httpConfig();
    assertThat(webexHttp.authorization())
        .isEqualTo(new HttpClientConfig.Authorization("Bearer", new Secret("tok"), ""));
    assertThat(webexHttp.followRedirects()).isTrue();
  }

  @Test
  void load_yaml11Booleans_haveTheirValues() throws Exception {
    AlertmanagerConfig c =
        load(
            """
            route:
              receiver: r
              routes: [{receiver: r, continue: yes}, {receiver: r, continue: off}]
            receivers:
              - name: r
                email_configs: [{to: a@b, from: c@d, smarthost: 'h:25', send_resolved: on}]
            """);

    assertThat(c.route().routes().get(0).continueMatching()).isTrue();
    assertThat(c.route().routes().get(1).continueMatching()).isFalse();
    assertThat(c.receivers().getFirst().emailConfigs().getFirst().sendResolved()).isTrue();
  }

  @Test
  void print_hidesSecrets() throws Exception {
    AlertmanagerConfig c =
        load(
            """
            route: {receiver: r}
            receivers:
              - name: r
                slack_configs: [{api_url: 'https://hooks.slack.com/very-secret'}]
                pagerduty_configs: [{routing_key: super-secret-key}]
            """);

    String printed = c.receivers().toString();
    assertThat(printed).doesNotContain("very-secret").doesNotContain("super-secret-key");
    assertThat(printed).contains("<secret>");
    assertThat(c.receivers().getFirst().pagerdutyConfigs().getFirst().routingKey().value())
        .isEqualTo("super-secret-key");
  }

  @Test
  void load_routeMatchers_mergeLegacyFormsSorted() throws Exception {
    AlertmanagerConfig c =
        load(
            """
            route:
              receiver: r
              routes:
                - receiver: r
                  match: {b: '2'}
                  match_re: {a: 'x|y'}
                  matchers: ['c!="3"', 'a="1"']
            receivers: [{name: r}]
            """);

    assertThat(Matchers.format(c.route().routes().getFirst().matchers()))
        .isEqualTo("{a=\"1\",a=~\"x|y\",b=\"2\",c!=\"3\"}");
  }

  @Test
  void load_typeErrors_areCollectedInLineOrder() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    route:
                      receiver: x
                      unknown: 1
                      continue: maybe
                    receivers:
                      - name: x
                        bogus: true
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "yaml: unmarshal errors:\n"
                + "  line 3: field unknown not found in type config.plain\n"
                + "  line 4: cannot unmarshal !!str `maybe` into bool\n"
                + "  line 7: field bogus not found in type config.plain");
  }

  @Test
  void loadFile_relativeTemplates_resolveAgainstTheFilesDirectory() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("etc"));
    Path file =
        Files.writeString(
            dir.resolve("am.yml"),
            "route: {receiver: x}\nreceivers: [{name: x}]\ntemplates: ['t/*.tmpl', '/abs/x']\n");

    AlertmanagerConfig c = ConfigLoader.loadFile(file, ZoneOffset.UTC);

    assertThat(c.templates()).containsExactly(dir.resolve("t/*.tmpl").toString(), "/abs/x");
  }

  @Test
  void loadFile_httpConfigFiles_resolveAgainstTheFilesDirectory_emailTlsDoesNot() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("am"));
    Path file =
        Files.writeString(
            dir.resolve("am.yml"),
            """
            global:
              http_config: {bearer_token_file: token, tls_config: {ca_file: /abs/ca}}
            route: {receiver: x}
            receivers:
              - name: x
                webhook_configs:
                  - url: 'http://h/'
                    http_config:
                      basic_auth: {username: u, password_file: secrets/pw}
                      tls_config: {cert_file: c.pem, key_file: ../k.pem}
                  - url: 'http://h2/'
                email_configs:
                  - {to: a@b, from: c@d, smarthost: 'h:25', tls_config: {ca_file: rel/ca}}
            """);

    AlertmanagerConfig c = ConfigLoader.loadFile(file, ZoneOffset.UTC);

    HttpClientConfig global = c.global().httpConfig();
    assertThat(global.authorization().credentialsFile()).isEqualTo(dir.resolve("token").toString());
    assertThat(global.tlsConfig().caFile()).isEqualTo("/abs/ca");
    HttpClientConfig own = c.receivers().getFirst().webhookConfigs().get(0).httpConfig();
    assertThat(own.basicAuth().passwordFile()).isEqualTo(dir.resolve("secrets/pw").toString());
    assertThat(own.tlsConfig().certFile()).isEqualTo(dir.resolve("c.pem").toString());
    assertThat(own.tlsConfig().keyFile()).isEqualTo(tmp.resolve("k.pem").toString());
    assertThat(c.receivers().getFirst().webhookConfigs().get(1).httpConfig()).isSameAs(global);
    assertThat(c.receivers().getFirst().emailConfigs().getFirst().tlsConfig().caFile())
        .isEqualTo("rel/ca");
  }

  @Test
  void load_timeIntervals_areEvaluable() throws Exception {
    AlertmanagerConfig c =
        load(
            """
            route: {receiver: x}
            receivers: [{name: x}]
            time_intervals:
              - name: weekend
                time_intervals: [{weekdays: ['saturday', 'sunday']}]
            """);

    NamedTimeInterval weekend = c.timeIntervals().getFirst();
    assertThat(weekend.contains(Instant.parse("2024-03-09T12:00:00Z"), ZoneOffset.UTC)).isTrue();
    assertThat(weekend.contains(Instant.parse("2024-03-11T12:00:00Z"), ZoneOffset.UTC)).isFalse();
  }

  @Test
  void templateFiles_functionsWork() throws Exception {
    Path t = Files.writeString(tmp.resolve("a.tmpl"), "{{ define \"x\" }}{{ end }}");
    TemplateFiles.check(java.util.List.of(tmp + "/*.tmpl"));
    assertThat(TemplateFiles.glob(tmp + "/*.tmpl")).containsExactly(t);
    assertThat(TemplateFiles.glob(tmp + "/*.nothing")).isEmpty();
    assertThatThrownBy(() -> TemplateFiles.glob(tmp + "/[.tmpl"))
        .hasMessage("syntax error in pattern");
    assertThat(TemplateFiles.javaReplacement("$1-${name}$$")).isEqualTo("${1}-${name}\\$");
  }
}
