package io.argus.alertmanager.alert;

import io.argus.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns an alert as a client posts it into the stored form, with the defaults of upstream's API:
 * {@code updatedAt} is the receive time; a missing start is the end when only that is given, else
 * now; a missing end is now + {@code resolve_timeout} and flags the alert as {@code timeout}. Empty
 * label values are dropped (an empty value is an absent label). Stateless.
 */
public final class AlertIngestion {
  private AlertIngestion() {}

  /**
   * Returns the stored form of a posted alert; validate it with {@link Alert#validate()}.
   *
   * @param startsAt the posted start, or null (or {@link Alert#ZERO}) when absent
   * @param endsAt the posted end, or null (or {@link Alert#ZERO}) when absent
   * @param now the receive time
   * @param resolveTimeout {@code global.resolve_timeout} (upstream default 5m)
   */
  public static Alert prepare(
      Map<String, String> labels,
      Map<String, String> annotations,
      @Nullable Instant startsAt,
      @Nullable Instant endsAt,
      String generatorUrl,
      Instant now,
      Duration resolveTimeout) {
    Instant start = startsAt == null ? Alert.ZERO : startsAt;
    Instant end = endsAt == null ? Alert.ZERO : endsAt;
    if (Alert.isZero(start)) {
      start = Alert.isZero(end) ? now : end;
    }
    boolean timeout = false;
    if (Alert.isZero(end)) {
      timeout = true;
      end = now.plus(resolveTimeout);
    }
    return new Alert(Labels.of(labels), annotations, start, end, generatorUrl, now, timeout);
  }
}
