package io.argus.model.textparse;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: drains a parser into a list of samples. */
record Samples(Labels labels, double value, boolean hasTimestamp, long timestamp) {
  static List<Samples> all(TextParser p) {
    List<Samples> out = new ArrayList<>();
    LabelsBuilder b = new LabelsBuilder();
    for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
      if (e == Entry.SERIES) {
        p.labels(b);
        out.add(new Samples(b.build(), p.value(), p.hasTimestamp(), p.timestamp()));
      }
    }
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static TextParser om(String s) {
    return new OpenMetricsParser(utf8(s));
  }

  static TextParser text(String s) {
    return new PromTextParser(utf8(s));
  }
}
