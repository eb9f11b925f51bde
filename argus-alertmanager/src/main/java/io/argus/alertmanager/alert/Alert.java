package io.argus.alertmanager.alert;

import io.argus.model.labels.Labels;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An alert as the Alertmanager stores it. Immutable and thread-safe.
 *
 * <p>Times have nanosecond precision; {@link #ZERO} (Go's zero time, 0001-01-01T00:00:00Z) stands
 * for "not set", so that APIs and payloads print unset times as upstream does. {@code updatedAt} is
 * when the Alertmanager received this version; {@code timeout} marks an {@code endsAt} that the
 * Alertmanager derived from {@code resolve_timeout} rather than one the sender gave.
 */
public final class Alert {
  /** Go's zero time, 0001-01-01T00:00:00Z: the value of an unset time. */
  public static final Instant ZERO = Instant.parse("0001-01-01T00:00:00Z");

  /** The label naming an alert. */
  public static final String ALERT_NAME = "alertname";

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Labels labels;
  private final Map<String, String> annotations;
  private final Instant startsAt;
  private final Instant endsAt;
  private final String generatorUrl;
  private final Instant updatedAt;
  private final boolean timeout;
  private final long fingerprint;

  /**
   * Returns an alert. {@code annotations} is copied into a sorted map.
   *
   * @param startsAt start, or {@link #ZERO}
   * @param endsAt end, or {@link #ZERO} when unknown
   */
  public Alert(
      Labels labels,
      Map<String, String> annotations,
      Instant startsAt,
      Instant endsAt,
      String generatorUrl,
      Instant updatedAt,
      boolean timeout) {
    this.labels = labels;
    this.annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    this.startsAt = startsAt;
    this.endsAt = endsAt;
    this.generatorUrl = generatorUrl;
    this.updatedAt = updatedAt;
    this.timeout = timeout;
    this.fingerprint = Fingerprints.of(labels);
  }

  private Alert(Alert o, Instant startsAt, Instant endsAt) {
    this.labels = o.labels;
    this.annotations = o.annotations;
    this.startsAt = startsAt;
    this.endsAt = endsAt;
    this.generatorUrl = o.generatorUrl;
    this.updatedAt = o.updatedAt;
    this.timeout = o.timeout;
    this.fingerprint = o.fingerprint;
  }

  /** Returns whether {@code t} is {@link #ZERO}. */
  public static boolean isZero(Instant t) {
    return t.equals(ZERO);
  }

  public Labels labels() {
    return labels;
  }

  /** The annotations, sorted by name; unmodifiable. */
  public Map<String, String> annotations() {
    return annotations;
  }

  public Instant startsAt() {
    return startsAt;
  }

  public Instant endsAt() {
    return endsAt;
  }

  public String generatorUrl() {
    return generatorUrl;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** Whether {@link #endsAt()} was derived from {@code resolve_timeout}. */
  public boolean timeout() {
    return timeout;
  }

  /** The fingerprint of the labels (see {@link Fingerprints}). */
  public long fingerprint() {
    return fingerprint;
  }

  /** The value of the {@code alertname} label, or "". */
  public String name() {
    return labels.getOrEmpty(ALERT_NAME);
  }

  /** Returns whether the alert is resolved at {@code ts}: it has an end and it is not after ts. */
  public boolean resolvedAt(Instant ts) {
    return !isZero(endsAt) && !endsAt.isAfter(ts);
  }

  /** Returns "resolved" or "firing" at {@code now}, as the API and payloads show it. */
  public String status(Instant now) {
    return resolvedAt(now) ? "resolved" : "firing";
  }

  /**
   * Returns the alert as notifications show it at {@code now}: an end that has not been reached
   * yet is hidden ({@link #ZERO}), as upstream's payloads print {@code 0001-01-01T00:00:00Z} for a
   * firing alert.
   */
  public Alert forNotification(Instant now) {
    return resolvedAt(now) || isZero(endsAt) ? this : new Alert(this, startsAt, ZERO);
  }

  /** Returns a copy with other start and end times. */
  public Alert withTimes(Instant startsAt, Instant endsAt) {
    return new Alert(this, startsAt, endsAt);
  }

  /**
   * Merges this alert with another version of the same alert as upstream does: the version received
   * later ({@code updatedAt}) provides everything except that the earliest start wins, and the end
   * of the older version wins when it is later and either both are resolved at {@code now} or the
   * newer is unresolved and the older end was given explicitly (not a timeout).
   */
  public Alert merge(Alert other, Instant now) {
    if (other.updatedAt.isBefore(updatedAt)) {
      return other.merge(this, now);
    }
    Instant start = startsAt.isBefore(other.startsAt) ? startsAt : other.startsAt;
    Instant end = other.endsAt;
    if (other.resolvedAt(now)) {
      if (resolvedAt(now) && endsAt.isAfter(other.endsAt)) {
        end = endsAt;
      }
    } else if (endsAt.isAfter(other.endsAt) && !timeout) {
      end = endsAt;
    }
    return start.equals(other.startsAt) && end.equals(other.endsAt)
        ? other
        : new Alert(other, start, end);
  }

  /**
   * Checks the alert as upstream does before storing it.
   *
   * @throws InvalidAlertException with upstream's message: "start time missing", "start time must
   *     be before end time", "at least one label pair required", "invalid label set: invalid name
   *     \"…\"", "invalid annotations: …"
   */
  public void validate() throws InvalidAlertException {
    if (isZero(startsAt)) {
      throw new InvalidAlertException("start time missing");
    }
    if (!isZero(endsAt) && endsAt.isBefore(startsAt)) {
      throw new InvalidAlertException("start time must be before end time");
    }
    if (labels.isEmpty()) {
      throw new InvalidAlertException("at least one label pair required");
    }
    for (int i = 0; i < labels.size(); i++) {
      String problem = checkPair(labels.name(i), labels.value(i));
      if (problem != null) {
        throw new InvalidAlertException("invalid label set: " + problem);
      }
    }
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      String problem = checkPair(e.getKey(), e.getValue());
      if (problem != null) {
        throw new InvalidAlertException("invalid annotations: " + problem);
      }
    }
  }

  /** Returns whether {@code name} is a valid label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isValidLabelName(String name) {
    return LABEL_NAME.matcher(name).matches();
  }

  private static @Nullable String checkPair(String name, String value) {
    if (!isValidLabelName(name)) {
      return "invalid name " + GoQuote.quote(name);
    }
    if (!GoQuote.isValidUtf16(value)) {
      return "invalid value " + GoQuote.quote(value);
    }
    return null;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Alert a
        && a.fingerprint == fingerprint
        && a.labels.equals(labels)
        && a.annotations.equals(annotations)
        && a.startsAt.equals(startsAt)
        && a.endsAt.equals(endsAt)
        && a.generatorUrl.equals(generatorUrl)
        && a.updatedAt.equals(updatedAt)
        && a.timeout == timeout;
  }

  @Override
  public int hashCode() {
    return Objects.hash(labels, annotations, startsAt, endsAt, updatedAt, timeout);
  }

  @Override
  public String toString() {
    return name() + "[" + Fingerprints.toHex(fingerprint).substring(0, 7) + "]";
  }
}
