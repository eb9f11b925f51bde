package io.argus.template.prometheus;

import io.argus.template.GoMap;
import io.argus.template.GoStruct;
import io.argus.template.MissingKey;
import io.argus.template.Template;
import io.argus.template.TemplateException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Expands alerting-rule labels and annotations as Prometheus' rule manager does: the template is
 * named {@code __alert_<alertname>}, prefixed with the preamble that defines {@code $labels},
 * {@code $externalLabels}, {@code $externalURL} and {@code $value}, and runs with {@code
 * missingkey=zero} over the alert data. Thread-safe if the query function is.
 */
public final class AlertTemplates {
  /** The variable definitions Prometheus prepends to every alert template. */
  public static final String PREAMBLE =
      "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
          + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

  private static final String DATA_TYPE =
      "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string;"
          + " Value float64 }";

  private AlertTemplates() {}

  /** Everything an alert template can see. */
  public record AlertData(
      Map<String, String> labels,
      Map<String, String> externalLabels,
      String externalUrl,
      double value) {}

  /** The data value ({@code .}) of an alert template. */
  public static GoStruct data(AlertData alert) {
    LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    fields.put("Labels", GoMap.ofStrings(alert.labels()));
    fields.put("ExternalLabels", GoMap.ofStrings(alert.externalLabels()));
    fields.put("ExternalURL", alert.externalUrl());
    fields.put("Value", alert.value());
    return new GoStruct(DATA_TYPE, false, fields);
  }

  /**
   * Expands {@code text} for an alert.
   *
   * @param query for the {@code query} function; may be null
   * @param evalTimeMillis evaluation time of the rule, Unix milliseconds
   * @param externalUrl for {@code externalURL}/{@code pathPrefix}; may be null
   * @throws TemplateException {@code error parsing template __alert_X: ...} or {@code error
   *     executing template __alert_X: ...}
   */
  public static String expand(
      String alertName,
      String text,
      AlertData alert,
      @Nullable QueryFunction query,
      long evalTimeMillis,
      @Nullable URI externalUrl)
      throws TemplateException {
    String name = "__alert_" + alertName;
    Template template;
    try {
      template =
          Template.parse(
              name,
              PREAMBLE + text,
              PrometheusFunctions.create(query, evalTimeMillis, externalUrl),
              MissingKey.ZERO);
    } catch (TemplateException e) {
      throw new TemplateException("error parsing template " + name + ": " + e.getMessage());
    }
    try {
      return template.execute(data(alert));
    } catch (TemplateException e) {
      throw new TemplateException("error executing template " + name + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // Like Prometheus recovering a panic: a broken template must not stop rule evaluation.
      throw new TemplateException("panic expanding template " + name + ": " + e);
    }
  }

  /**
   * Like {@link #expand} but returns Prometheus' replacement text {@code <error expanding template:
   * ...>} on failure, as the rule manager stores in the alert.
   */
  public static String expandOrError(
      String alertName,
      String text,
      AlertData alert,
      @Nullable QueryFunction query,
      long evalTimeMillis,
      @Nullable URI externalUrl) {
    try {
      return expand(alertName, text, alert, query, evalTimeMillis, externalUrl);
    } catch (TemplateException e) {
      return "<error expanding template: " + e.getMessage() + ">";
    }
  }

  /**
   * Checks that {@code text} parses as an alert template, as Prometheus validates rule files.
   *
   * @return null if it parses, else Go's parse error ({@code template: __alert_X:1: ...})
   */
  public static @Nullable String parseError(String alertName, String text) {
    try {
      Template.parse(
          "__alert_" + alertName,
          PREAMBLE + text,
          PrometheusFunctions.create(null, 0, null),
          MissingKey.ZERO);
      return null;
    } catch (TemplateException e) {
      return e.getMessage();
    }
  }
}
