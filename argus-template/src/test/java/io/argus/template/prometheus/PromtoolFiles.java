package io.argus.template.prometheus;

import java.util.Map;
import java.util.TreeMap;

/** Writes a {@link TemplateCorpus} as rule and unit-test files for {@code promtool}. */
final class PromtoolFiles {
  private PromtoolFiles() {}

  /** A YAML double-quoted scalar. */
  static String yamlQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < ' ') {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** A rule file with one alert per case whose annotation {@code out} holds the template. */
  static String rules(Iterable<TemplateCorpus.Case> cases) {
    StringBuilder sb = new StringBuilder("groups:\n  - name: templates\n    rules:\n");
    for (TemplateCorpus.Case c : cases) {
      sb.append("      - alert: ").append(c.name()).append('\n');
      sb.append("        expr: test_metric * 0 + (").append(c.value()).append(")\n");
      sb.append("        annotations:\n");
      sb.append("          out: ").append(yamlQuote(c.template())).append('\n');
    }
    return sb.toString();
  }

  /** A unit-test file expecting every case's alert with the expected annotation. */
  static String tests(String rulesFile, Iterable<TemplateCorpus.Case> cases) {
    StringBuilder sb = new StringBuilder();
    sb.append("rule_files:\n  - ").append(yamlQuote(rulesFile)).append('\n');
    sb.append("evaluation_interval: 1m\n");
    sb.append("tests:\n  - interval: 1m\n");
    sb.append("    external_url: ").append(yamlQuote(TemplateCorpus.EXTERNAL_URL)).append('\n');
    sb.append("    external_labels:\n");
    for (Map.Entry<String, String> e : new TreeMap<>(TemplateCorpus.EXTERNAL_LABELS).entrySet()) {
      sb.append("      ").append(e.getKey()).append(": ").append(yamlQuote(e.getValue()));
      sb.append('\n');
    }
    sb.append("    input_series:\n");
    for (Map.Entry<String, String> e : new TreeMap<>(TemplateCorpus.SERIES).entrySet()) {
      sb.append("      - series: ").append(yamlQuote(e.getKey())).append('\n');
      sb.append("        values: ").append(yamlQuote(e.getValue())).append('\n');
    }
    sb.append("    alert_rule_test:\n");
    for (TemplateCorpus.Case c : cases) {
      sb.append("      - eval_time: 1m\n");
      sb.append("        alertname: ").append(c.name()).append('\n');
      sb.append("        exp_alerts:\n");
      sb.append("          - exp_labels:\n");
      for (Map.Entry<String, String> e : new TreeMap<>(TemplateCorpus.ALERT_LABELS).entrySet()) {
        sb.append("              ").append(e.getKey()).append(": ");
        sb.append(yamlQuote(e.getValue())).append('\n');
      }
      sb.append("            exp_annotations:\n");
      sb.append("              out: ").append(yamlQuote(c.expected())).append('\n');
    }
    return sb.toString();
  }
}
