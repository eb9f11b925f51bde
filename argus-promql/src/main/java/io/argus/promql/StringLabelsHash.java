package io.argus.promql;

import io.argus.model.labels.Labels;
import io.argus.util.XxHash64;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The label-set hash of Prometheus' string label representation. Stateless. */
final class StringLabelsHash {
  private StringLabelsHash() {}

  /**
   * Hashes a label set as Prometheus' default (string) label representation does: each name and
   * value prefixed by its length (one byte below 255, else 255 and three little-endian bytes).
   */
  static long of(Labels labels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < labels.size(); i++) {
      writeString(out, labels.name(i));
      writeString(out, labels.value(i));
    }
    byte[] b = out.toByteArray();
    return XxHash64.hash(b, 0, b.length);
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length < 255) {
      out.write(b.length);
    } else {
      out.write(255);
      out.write(b.length & 0xff);
      out.write((b.length >> 8) & 0xff);
      out.write((b.length >> 16) & 0xff);
    }
    out.write(b, 0, b.length);
  }
}
