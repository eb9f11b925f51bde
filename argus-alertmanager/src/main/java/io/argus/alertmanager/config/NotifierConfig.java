package io.argus.alertmanager.config;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of one integration of a receiver, with upstream's defaults applied and the
 * global settings copied in (e.g. an email config without {@code smarthost} has the global one).
 * Template fields hold Go template text. Immutable.
 */
public sealed interface NotifierConfig {
  /** Whether resolved notifications are sent too. */
  boolean sendResolved();

  /** The HTTP client settings (the global ones when the config has none); null for email. */
  @Nullable HttpClientConfig httpConfig();

  /** {@code webhook_configs}; {@code maxAlerts} 0 means all. */
  record Webhook(boolean sendResolved, HttpClientConfig httpConfig, ConfigUrl url, long maxAlerts)
      implements NotifierConfig {}

  /** {@code email_configs}; header names are canonical MIME keys. */
  record Email(
      boolean sendResolved,
      String to,
      String from,
      String hello,
      HostPort smarthost,
      String authUsername,
      Secret authPassword,
      String authPasswordFile,
      Secret authSecret,
      String authIdentity,
      Map<String, String> headers,
      String html,
      String text,
      boolean requireTls,
      HttpClientConfig.TlsConfig tlsConfig)
      implements NotifierConfig {
    @Override
    public @Nullable HttpClientConfig httpConfig() {
      return null;
    }
  }

  /** {@code pagerduty_configs}; {@code details} include upstream's four defaults. */
  record Pagerduty(
      boolean sendResolved,
      HttpClientConfig httpConfig,
      Secret serviceKey,
      String serviceKeyFile,
      Secret routingKey,
      String routingKeyFile,
      ConfigUrl url,
      String client,
      String clientUrl,
      String description,
      Map<String, String> details,
      List<PagerdutyImage> images,
      List<PagerdutyLink> links,
      String source,
      String severity,
      String clazz,
      String component,
      String group)
      implements NotifierConfig {}

  /** A PagerDuty image. */
  record PagerdutyImage(String src, String alt, String href) {}

  /** A PagerDuty link. */
  record PagerdutyLink(String href, String text) {}

  /** {@code slack_configs}; {@code apiUrl} null when only a file is given. */
  record Slack(
      boolean sendResolved,
      HttpClientConfig httpConfig,
      @Nullable ConfigUrl apiUrl,
      String apiUrlFile,
      String channel,
      String username,
      String color,
      String title,
      String titleLink,
      String pretext,
      String text,
      List<SlackField> fields,
      boolean shortFields,
      String footer,
      String fallback,
      String callbackId,
      String iconEmoji,
      String iconUrl,
      String imageUrl,
      String thumbUrl,
      boolean linkNames,
      List<String> mrkdwnIn,
      List<SlackAction> actions)
      implements NotifierConfig {}

  /** A Slack attachment field; {@code isShort} null when unset. */
  record SlackField(String title, String value, @Nullable Boolean isShort) {}

  /** A Slack button; either a URL or a name/value (with optional confirmation). */
  record SlackAction(
      String type,
      String text,
      String url,
      String style,
      String name,
      String value,
      @Nullable SlackConfirmationField confirm) {}

  /** A Slack action's confirmation dialog. */
  record SlackConfirmationField(String text, String title, String okText, String dismissText) {}

  /** {@code opsgenie_configs}; {@code apiUrl} ends in a slash. */
  record OpsGenie(
      boolean sendResolved,
      HttpClientConfig httpConfig,
      Secret apiKey,
      String apiKeyFile,
      ConfigUrl apiUrl,
      String message,
      String description,
      String source,
      Map<String, String> details,
      String entity,
      List<OpsGenieResponder> responders,
      String actions,
      String tags,
      String note,
      String priority,
      boolean updateAlerts)
      implements NotifierConfig {}

  /** An OpsGenie responder; a type without template syntax is lower-cased. */
  record OpsGenieResponder(String id, String name, String username, String type) {}

  /** {@code wechat_configs}; {@code apiUrl} ends in a slash. */
  record Wechat(
      boolean sendResolved,
      HttpClientConfig httpConfig,
      Secret apiSecret,
      String corpId,
      String message,
      ConfigUrl apiUrl,
      String toUser,
      String toParty,
      String toTag,
      String agentId,
      String messageType)
      implements NotifierConfig {}

  /** {@code pushover_configs}; retry and expire in milliseconds. */
  record Pushover(
      boolean sendResolved,
      HttpClientConfig httpConfig,
      Secret userKey,
      Secret token,
      String title,
      String message,
      String url,
      String urlTitle,
      String sound,
      String priority,
      long retryMillis,
      long expireMillis,
      boolean html)
      implements NotifierConfig {}

  /** {@code victorops_configs}; {@code apiUrl} ends in a slash. */
  record VictorOps(
      boolean sendResolved,
      HttpClientConfig httpConfig,
      Secret apiKey,
      String apiKeyFile,
      ConfigUrl apiUrl,
      String routingKey,
      String messageType,
      String stateMessage,
      String entityDisplayName,
      String monitoringTool,
      Map<String, String> customFields)
      implements NotifierConfig {}

  /** {@code sns_configs}. */
  record Sns(
      boolean sendResolved,
      HttpClientConfig httpConfig,
      String apiUrl,
      SigV4 sigv4,
      String topicArn,
      String phoneNumber,
      String targetArn,
      String subject,
      String message,
      Map<String, String> attributes)
      implements NotifierConfig {}

  /** AWS signature v4 settings of SNS. */
  record SigV4(String region, String accessKey, Secret secretKey, String profile, String roleArn) {}

  /** {@code telegram_configs}. */
  record Telegram(
      boolean sendResolved,
      HttpClientConfig httpConfig,
      @Nullable ConfigUrl apiUrl,
      Secret botToken,
      long chatId,
      String message,
      boolean disableNotifications,
      String parseMode)
      implements NotifierConfig {}

  /** {@code webex_configs}. */
  record Webex(
      boolean sendResolved,
      HttpClientConfig httpConfig,
      ConfigUrl apiUrl,
      String message,
      String roomId)
      implements NotifierConfig {}

  /** {@code discord_configs}. */
  record Discord(
      boolean sendResolved,
      HttpClientConfig httpConfig,
      ConfigUrl webhookUrl,
      String title,
      String message)
      implements NotifierConfig {}
}
