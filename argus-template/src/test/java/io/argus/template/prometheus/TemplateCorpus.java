package io.argus.template.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alert-template corpus: templates with the text upstream Prometheus expands them to, read from
 * {@code alert-template-corpus.txt}. Each case is {@code case: <name> [value=<promql number>]
 * [parse]}, {@code tmpl: <template>}, {@code want: <expected>}, where {@code \n}, {@code \t} and
 * {@code \\} in the last two stand for newline, tab and backslash. A {@code parse} case holds a
 * template that fails to parse; its expectation is the parse error.
 */
record TemplateCorpus(List<Case> cases) {
  static final String DEFAULT_VALUE = "1234.5";

  /**
   * The series every case's alert is computed from and that {@code query} reads. Written with
   * labels in sorted order so that promtool, which creates them in the order of its input file
   * (written sorted), returns them in label order like our storage.
   */
  static final Map<String, String> SERIES =
      Map.of(
          "test_metric{instance=\"host1.example.com:9100\",job=\"node\",path=\"/var/log\","
              + "severity=\"page\"}",
          "1+0x10",
          "up{instance=\"b.example.com:80\",job=\"api\"}",
          "1+0x10",
          "up{instance=\"a.example.com:5432\",job=\"db\"}",
          "0+0x10",
          "up{instance=\"10.0.0.3:6379\",job=\"cache\"}",
          "1+0x10",
          "disk_free_bytes{device=\"sda\"}",
          "1073741824+0x10");

  static final Map<String, String> ALERT_LABELS =
      Map.of(
          "instance", "host1.example.com:9100",
          "job", "node",
          "severity", "page",
          "path", "/var/log");

  static final Map<String, String> EXTERNAL_LABELS = Map.of("cluster", "eu1", "replica", "a");
  static final String EXTERNAL_URL = "http://prom.example.com:9090/prefix";

  /** Evaluation time of every alert, milliseconds (promtool's {@code eval_time: 1m}). */
  static final long EVAL_TIME_MS = 60_000;

  /** One case. */
  record Case(String name, String template, String expected, String value, boolean parse) {}

  static TemplateCorpus load() throws IOException {
    try (InputStream in = TemplateCorpus.class.getResourceAsStream("alert-template-corpus.txt")) {
      if (in == null) {
        throw new IOException("alert-template-corpus.txt missing");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static TemplateCorpus parse(String text) {
    List<Case> cases = new ArrayList<>();
    String name = null;
    String value = DEFAULT_VALUE;
    boolean parse = false;
    String template = null;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("case: ")) {
        String[] parts = line.substring(6).trim().split(" +");
        name = parts[0];
        value = DEFAULT_VALUE;
        parse = false;
        template = null;
        for (int i = 1; i < parts.length; i++) {
          if (parts[i].startsWith("value=")) {
            value = parts[i].substring(6);
          } else if (parts[i].equals("parse")) {
            parse = true;
          } else {
            throw new IllegalArgumentException("bad case option " + parts[i]);
          }
        }
      } else if (line.startsWith("tmpl: ")) {
        template = unescape(line.substring(6));
      } else if (line.startsWith("want: ")) {
        if (name == null || template == null) {
          throw new IllegalArgumentException("want without case/tmpl: " + line);
        }
        cases.add(new Case(name, template, unescape(line.substring(6)), value, parse));
        name = null;
        template = null;
      } else if (!line.isBlank() && !line.startsWith("#")) {
        throw new IllegalArgumentException("unexpected corpus line: " + line);
      }
    }
    return new TemplateCorpus(List.copyOf(cases));
  }

  static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(++i);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case '\\' -> sb.append('\\');
          default -> throw new IllegalArgumentException("bad escape \\" + e + " in " + s);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
