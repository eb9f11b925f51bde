package io.argus.alertmanager.config;

import org.jspecify.annotations.Nullable;

/**
 * The {@code global} section: defaults for receivers and the alert resolve timeout.
 *
 * @param resolveTimeoutMillis time after which an alert without {@code endsAt} counts as resolved
 * @param slackApiUrl null when unset (then possibly {@link #slackApiUrlFile})
 */
public record GlobalConfig(
    long resolveTimeoutMillis,
    HttpClientConfig httpConfig,
    String smtpFrom,
    String smtpHello,
    HostPort smtpSmarthost,
    String smtpAuthUsername,
    Secret smtpAuthPassword,
    String smtpAuthPasswordFile,
    Secret smtpAuthSecret,
    String smtpAuthIdentity,
    boolean smtpRequireTls,
    @Nullable ConfigUrl slackApiUrl,
    String slackApiUrlFile,
    @Nullable ConfigUrl pagerdutyUrl,
    @Nullable ConfigUrl opsgenieApiUrl,
    Secret opsgenieApiKey,
    String opsgenieApiKeyFile,
    @Nullable ConfigUrl wechatApiUrl,
    Secret wechatApiSecret,
    String wechatApiCorpId,
    @Nullable ConfigUrl victoropsApiUrl,
    Secret victoropsApiKey,
    String victoropsApiKeyFile,
    @Nullable ConfigUrl telegramApiUrl,
    @Nullable ConfigUrl webexApiUrl) {

  /** Upstream's defaults, used when {@code global} is absent or empty. */
  public static GlobalConfig defaults() {
    return new GlobalConfig(
        5 * 60 * 1000L,
        HttpClientConfig.DEFAULT,
        "",
        "localhost",
        HostPort.EMPTY,
        "",
        Secret.EMPTY,
        "",
        Secret.EMPTY,
        "",
        true,
        null,
        "",
        new ConfigUrl("https://events.pagerduty.com/v2/enqueue", false),
        new ConfigUrl("https://api.opsgenie.com/", false),
        Secret.EMPTY,
        "",
        new ConfigUrl("https://qyapi.weixin.qq.com/cgi-bin/", false),
        Secret.EMPTY,
        "",
        new ConfigUrl("https://alert.victorops.com/integrations/generic/20131114/alert/", false),
        Secret.EMPTY,
        "",
        new ConfigUrl("https://api.telegram.org", false),
        new ConfigUrl("https://webexapis.com/v1/messages", false));
  }
}
