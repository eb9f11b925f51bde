package io.argus.alertmanager.config;

import java.util.ArrayList;
import java.util.List;

/** A named receiver and its integrations, per kind in upstream's field order. */
public record Receiver(
    String name,
    List<NotifierConfig.Discord> discordConfigs,
    List<NotifierConfig.Email> emailConfigs,
    List<NotifierConfig.Pagerduty> pagerdutyConfigs,
    List<NotifierConfig.Slack> slackConfigs,
    List<NotifierConfig.Webhook> webhookConfigs,
    List<NotifierConfig.OpsGenie> opsgenieConfigs,
    List<NotifierConfig.Wechat> wechatConfigs,
    List<NotifierConfig.Pushover> pushoverConfigs,
    List<NotifierConfig.VictorOps> victoropsConfigs,
    List<NotifierConfig.Sns> snsConfigs,
    List<NotifierConfig.Telegram> telegramConfigs,
    List<NotifierConfig.Webex> webexConfigs) {

  /** All integrations of this receiver. */
  public List<NotifierConfig> integrations() {
    List<NotifierConfig> all = new ArrayList<>();
    all.addAll(discordConfigs);
    all.addAll(emailConfigs);
    all.addAll(pagerdutyConfigs);
    all.addAll(slackConfigs);
    all.addAll(webhookConfigs);
    all.addAll(opsgenieConfigs);
    all.addAll(wechatConfigs);
    all.addAll(pushoverConfigs);
    all.addAll(victoropsConfigs);
    all.addAll(snsConfigs);
    all.addAll(telegramConfigs);
    all.addAll(webexConfigs);
    return all;
  }
}
