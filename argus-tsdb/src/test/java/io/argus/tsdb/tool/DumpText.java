package io.argus.tsdb.tool;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.util.GoFloat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds and collects {@code promtool tsdb dump} lines (test helper). */
final class DumpText {
  private DumpText() {}

  /** Returns the dump line of one sample. */
  static String line(Labels labels, double value, long t) {
    return labels + " " + GoFloat.format(value) + " " + t;
  }

  /** Runs our dump over everything in {@code dir} and returns its lines. */
  static List<String> argusDump(Path dir) throws IOException {
    StringWriter text = new StringWriter();
    TsdbDump.run(
        dir,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        List.of(Matcher.regex("__name__", "(?s:.*)")),
        new PrintWriter(text));
    return lines(text.toString());
  }

  /** Runs {@code promtool tsdb dump dir}, failing on a non-zero exit, and returns its lines. */
  static List<String> promtoolDump(Path dir) {
    ExternalProcess.Result r = ExternalProcess.promtool("tsdb", "dump", dir.toString());
    if (r.exitCode() != 0) {
      throw new AssertionError("promtool tsdb dump failed: " + r.stderr());
    }
    return r.stdoutLines();
  }

  static List<String> lines(String text) {
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    copy.sort(null);
    return copy;
  }
}
