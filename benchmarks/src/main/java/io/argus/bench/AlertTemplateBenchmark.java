package io.argus.bench;

import io.argus.template.MissingKey;
import io.argus.template.Template;
import io.argus.template.TemplateException;
import io.argus.template.prometheus.AlertTemplates;
import io.argus.template.prometheus.PrometheusFunctions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Expands a typical alert annotation (labels, humanized value, a conditional and a range over the
 * labels) as the rule manager does on every evaluation of a firing alert: parse plus execute, and
 * execute alone of a parsed template.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AlertTemplateBenchmark {
  private static final String TEXT =
      "{{ $labels.instance }} of job {{ $labels.job }} has {{ humanize $value }}B free"
          + "{{ if lt $value 1e9 }} (critical){{ end }}: "
          + "{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}";

  private final AlertTemplates.AlertData alert =
      new AlertTemplates.AlertData(
          Map.of("instance", "host1.example.com:9100", "job", "node", "device", "sda1"),
          Map.of("cluster", "eu1"),
          "http://prom.example.com",
          8.5e8);
  private Template parsed;
  private Object data;

  @Setup
  public void parse() throws TemplateException {
    parsed =
        Template.parse(
            "__alert_DiskFull",
            AlertTemplates.PREAMBLE + TEXT,
            PrometheusFunctions.create(null, 0, null),
            MissingKey.ZERO);
    data = AlertTemplates.data(alert);
  }

  @Benchmark
  public String parseAndExecute() throws TemplateException {
    return AlertTemplates.expand("DiskFull", TEXT, alert, null, 0, null);
  }

  @Benchmark
  public String executeParsed() throws TemplateException {
    return parsed.execute(data);
  }
}
