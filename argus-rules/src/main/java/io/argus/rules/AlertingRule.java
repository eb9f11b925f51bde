package io.argus.rules;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Matcher;
import io.argus.promql.Sample;
import io.argus.promql.Vector;
import io.argus.rules.notifier.Alert;
import io.argus.template.GoUrls;
import io.argus.template.TemplateException;
import io.argus.template.prometheus.AlertTemplates;
import io.argus.template.prometheus.QueryFunction;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An alerting rule: every result of its expression is an alert that is pending until it has been
 * active for the rule's {@code for} duration, then firing; an alert whose result disappears is
 * resolved (after {@code keep_firing_for} if it was firing) and kept, inactive, for 15 minutes so
 * that the resolution reaches the Alertmanagers. Writes the {@code ALERTS} and {@code
 * ALERTS_FOR_STATE} series once its state has been restored (see {@link #restored()}).
 */
public final class AlertingRule extends EvaluatedRule {
  /** The metric name of the series of active alerts. */
  public static final String ALERTS = "ALERTS";

  /** The metric name of the series holding each active alert's activation time in seconds. */
  public static final String ALERTS_FOR_STATE = "ALERTS_FOR_STATE";

  /** How long a resolved alert is kept and resent. */
  public static final long RESOLVED_RETENTION_MILLIS = 15 * 60_000L;

  static final String DUPLICATE_LABELSET =
      "vector contains metrics with the same labelset after applying alert labels";

  private static final Logger log = LoggerFactory.getLogger(AlertingRule.class);

  private final String name;
  private final String query;
  private final long holdMillis;
  private final long keepFiringForMillis;
  private final Labels labels;
  private final Labels annotations;
  private final Map<String, String> externalLabels;
  private final String externalUrl;
  private volatile boolean restored;

  /** The alerts, keyed by their labels; guarded by {@code this}. */
  private final Map<Labels, ActiveAlert> active = new LinkedHashMap<>();

  /**
   * @param name the alert name
   * @param query the expression, as printed by the PromQL printer
   * @param holdMillis the {@code for} duration in ms
   * @param keepFiringForMillis the {@code keep_firing_for} duration in ms
   * @param labels label templates added to every alert
   * @param annotations annotation templates
   * @param externalLabels the global external labels, for {@code $externalLabels}
   * @param externalUrl the external URL, for {@code $externalURL}; empty when unset
   * @param restored false while the {@code for} state still has to be restored; no {@code ALERTS}
   *     series are written until then
   */
  public AlertingRule(
      String name,
      String query,
      long holdMillis,
      long keepFiringForMillis,
      Labels labels,
      Labels annotations,
      Labels externalLabels,
      String externalUrl,
      boolean restored) {
    this.name = name;
    this.query = query;
    this.holdMillis = holdMillis;
    this.keepFiringForMillis = keepFiringForMillis;
    this.labels = labels;
    this.annotations = annotations;
    Map<String, String> ext = new HashMap<>();
    externalLabels.forEach(ext::put);
    this.externalLabels = Collections.unmodifiableMap(ext);
    this.externalUrl = externalUrl;
    this.restored = restored;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  /** The annotation templates. */
  public Labels annotations() {
    return annotations;
  }

  @Override
  public String query() {
    return query;
  }

  /** The {@code for} duration in ms. */
  public long holdMillis() {
    return holdMillis;
  }

  /** The {@code keep_firing_for} duration in ms. */
  public long keepFiringForMillis() {
    return keepFiringForMillis;
  }

  /** Whether the {@code for} state has been restored (or needed no restoring). */
  public boolean restored() {
    return restored;
  }

  void setRestored(boolean restored) {
    this.restored = restored;
  }

  @Override
  public String definition() {
    return "alert: "
        + name
        + "\nexpr: "
        + query
        + "\nfor: "
        + holdMillis
        + "\nkeep_firing_for: "
        + keepFiringForMillis
        + "\nlabels: "
        + labels
        + "\nannotations: "
        + annotations;
  }

  @Override
  public List<Sample> eval(
      long evalMillis,
      long queryOffsetMillis,
      RuleQueryFunction queryFunction,
      @Nullable URI externalUri,
      int limit) {
    Vector result = queryFunction.query(query, evalMillis - queryOffsetMillis);
    QueryFunction templateQuery = queryFunction.asTemplateQuery();
    Map<Labels, ActiveAlert> fresh = new LinkedHashMap<>();
    for (Sample s : result.samples()) {
      Map<String, String> sampleLabels = new HashMap<>();
      s.labels().forEach(sampleLabels::put);
      AlertTemplates.AlertData data =
          new AlertTemplates.AlertData(sampleLabels, externalLabels, externalUrl, s.v());
      LabelsBuilder b = s.labels().toBuilder().delete("__name__");
      labels.forEach((n, v) -> b.set(n, expand(v, data, templateQuery, evalMillis, externalUri)));
      b.set("alertname", name);
      LabelsBuilder ab = new LabelsBuilder();
      annotations.forEach(
          (n, v) -> ab.set(n, expand(v, data, templateQuery, evalMillis, externalUri)));
      Labels alertLabels = b.build();
      if (fresh.containsKey(alertLabels)) {
        throw new RuleEvaluationException(DUPLICATE_LABELSET);
      }
      fresh.put(alertLabels, new ActiveAlert(alertLabels, ab.build(), evalMillis, s.v()));
    }

    List<Sample> out = new ArrayList<>();
    synchronized (this) {
      for (ActiveAlert a : fresh.values()) {
        ActiveAlert existing = active.get(a.labels);
        if (existing != null && existing.state != AlertState.INACTIVE) {
          existing.value = a.value;
          existing.annotations = a.annotations;
        } else {
          active.put(a.labels, a);
        }
      }
      int activeCount = 0;
      long sampleTime = evalMillis - queryOffsetMillis;
      for (Iterator<ActiveAlert> it = active.values().iterator(); it.hasNext(); ) {
        ActiveAlert a = it.next();
        if (!fresh.containsKey(a.labels)) {
          boolean keepFiring = false;
          if (a.state == AlertState.FIRING && keepFiringForMillis > 0) {
            if (a.keepFiringSince == RuleAlert.UNSET) {
              a.keepFiringSince = evalMillis;
            }
            keepFiring = evalMillis - a.keepFiringSince < keepFiringForMillis;
          }
          if (a.state == AlertState.PENDING
              || (a.resolvedAt != RuleAlert.UNSET
                  && evalMillis - a.resolvedAt > RESOLVED_RETENTION_MILLIS)) {
            it.remove();
          }
          if (a.state != AlertState.INACTIVE && !keepFiring) {
            a.state = AlertState.INACTIVE;
            a.resolvedAt = evalMillis;
          }
          if (!keepFiring) {
            continue;
          }
        } else {
          a.keepFiringSince = RuleAlert.UNSET;
        }
        activeCount++;
        if (a.state == AlertState.PENDING && evalMillis - a.activeAt >= holdMillis) {
          a.state = AlertState.FIRING;
          a.firedAt = evalMillis;
        }
        if (a.state == AlertState.FIRING && evalMillis - a.activeAt < holdMillis) {
          // The rule's `for` grew since the alert fired: it is pending again.
          a.state = AlertState.PENDING;
          a.firedAt = RuleAlert.UNSET;
          a.lastSentAt = RuleAlert.UNSET;
          a.keepFiringSince = RuleAlert.UNSET;
        }
        if (restored) {
          out.add(new Sample(alertsLabels(a), sampleTime, 1));
          out.add(
              new Sample(
                  forStateLabels(a.labels), sampleTime, (double) Math.floorDiv(a.activeAt, 1000)));
        }
      }
      if (limit > 0 && activeCount > limit) {
        active.clear();
        throw new RuleEvaluationException(
            "exceeded limit of " + limit + " with " + activeCount + " alerts");
      }
    }
    return out;
  }

  private String expand(
      String text,
      AlertTemplates.AlertData data,
      QueryFunction templateQuery,
      long evalMillis,
      @Nullable URI externalUri) {
    if (!text.contains("{{")) {
      return text;
    }
    try {
      return AlertTemplates.expand(name, text, data, templateQuery, evalMillis, externalUri);
    } catch (TemplateException e) {
      log.atWarn()
          .addKeyValue("alert", name)
          .addKeyValue("err", e.getMessage())
          .addKeyValue("labels", data.labels())
          .log("expanding alert template failed");
      return "<error expanding template: " + e.getMessage() + ">";
    }
  }

  private Labels alertsLabels(ActiveAlert a) {
    LabelsBuilder b = labels.toBuilder();
    a.labels.forEach(b::set);
    return b.set("__name__", ALERTS)
        .set("alertname", name)
        .set("alertstate", a.state.apiName())
        .build();
  }

  private Labels forStateLabels(@Nullable Labels alertLabels) {
    LabelsBuilder b = labels.toBuilder();
    if (alertLabels != null) {
      alertLabels.forEach(b::set);
    }
    return b.set("__name__", ALERTS_FOR_STATE).set("alertname", name).build();
  }

  /**
   * Matchers selecting every {@code ALERTS_FOR_STATE} series of this rule: its name, the alert name
   * and the rule labels without templates (those differ per alert).
   */
  List<Matcher> forStateMatchers() {
    List<Matcher> matchers = new ArrayList<>();
    forStateLabels(null)
        .forEach(
            (n, v) -> {
              if (!v.contains("{{")) {
                matchers.add(Matcher.equal(n, v));
              }
            });
    return matchers;
  }

  /**
   * The highest state among the alerts: firing, then pending, then inactive; unknown before the
   * first evaluation.
   */
  public synchronized AlertState state() {
    if (status().lastEvaluation() == RuleAlert.UNSET) {
      return AlertState.UNKNOWN;
    }
    AlertState max = AlertState.INACTIVE;
    for (ActiveAlert a : active.values()) {
      if (a.state.compareTo(max) > 0) {
        max = a.state;
      }
    }
    return max;
  }

  /** The pending and firing alerts (not the resolved ones still kept). */
  public synchronized List<RuleAlert> activeAlerts() {
    List<RuleAlert> out = new ArrayList<>();
    for (ActiveAlert a : active.values()) {
      if (a.resolvedAt == RuleAlert.UNSET) {
        out.add(a.snapshot());
      }
    }
    return out;
  }

  /** Every alert held, resolved ones included. */
  public synchronized List<RuleAlert> currentAlerts() {
    List<RuleAlert> out = new ArrayList<>(active.size());
    for (ActiveAlert a : active.values()) {
      out.add(a.snapshot());
    }
    return out;
  }

  /** How many alerts are held, resolved ones included. */
  public synchronized int alertCount() {
    return active.size();
  }

  /**
   * Marks the alerts that need sending as sent at {@code evalMillis} and returns them as the
   * notifier takes them: pending alerts never; resolved alerts when resolved after the last send;
   * others when the last send is more than {@code resendDelayMillis} ago. Each sent alert is valid
   * for four times the larger of the interval and the resend delay.
   */
  synchronized List<Alert> alertsToSend(
      long evalMillis, long resendDelayMillis, long intervalMillis, String generatorUrlPrefix) {
    List<Alert> out = new ArrayList<>();
    for (ActiveAlert a : active.values()) {
      if (!a.needsSending(evalMillis, resendDelayMillis)) {
        continue;
      }
      a.lastSentAt = evalMillis;
      a.validUntil = evalMillis + 4 * Math.max(intervalMillis, resendDelayMillis);
      long endsAt = a.resolvedAt != RuleAlert.UNSET ? a.resolvedAt : a.validUntil;
      out.add(
          new Alert(
              a.labels,
              a.annotations,
              a.firedAt,
              endsAt,
              generatorUrlPrefix + "/graph?g0.expr=" + GoUrls.queryEscape(query) + "&g0.tab=1"));
    }
    return out;
  }

  /** Runs {@code action} on every held alert (not a copy), under the rule's lock. */
  synchronized void forEachAlert(java.util.function.Consumer<ActiveAlert> action) {
    active.values().forEach(action);
  }

  /** Copies the alerts of {@code from} (a rule of the same name and labels) into this rule. */
  void copyAlertsFrom(AlertingRule from) {
    Map<Labels, ActiveAlert> copy;
    synchronized (from) {
      copy = new LinkedHashMap<>(from.active);
    }
    synchronized (this) {
      active.putAll(copy);
    }
  }

  /** The mutable state of one alert; guarded by the owning rule. */
  static final class ActiveAlert {
    final Labels labels;
    Labels annotations;
    AlertState state = AlertState.PENDING;
    double value;
    long activeAt;
    long firedAt = RuleAlert.UNSET;
    long resolvedAt = RuleAlert.UNSET;
    long lastSentAt = RuleAlert.UNSET;
    long validUntil = RuleAlert.UNSET;
    long keepFiringSince = RuleAlert.UNSET;

    ActiveAlert(Labels labels, Labels annotations, long activeAt, double value) {
      this.labels = labels;
      this.annotations = annotations;
      this.activeAt = activeAt;
      this.value = value;
    }

    boolean needsSending(long now, long resendDelayMillis) {
      if (state == AlertState.PENDING) {
        return false;
      }
      if (resolvedAt != RuleAlert.UNSET
          && (lastSentAt == RuleAlert.UNSET || resolvedAt > lastSentAt)) {
        return true;
      }
      return lastSentAt == RuleAlert.UNSET || lastSentAt + resendDelayMillis < now;
    }

    RuleAlert snapshot() {
      return new RuleAlert(
          labels,
          annotations,
          state,
          value,
          activeAt,
          firedAt,
          resolvedAt,
          lastSentAt,
          validUntil,
          keepFiringSince);
    }
  }
}
