package io.argus.web.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.argus.model.labels.Labels;
import io.argus.util.GoFloat;
import io.argus.web.WebResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The API's JSON: the envelope and the encodings of numbers, labels and times as Prometheus writes
 * them, streamed through jackson-core. Not instantiable; thread-safe.
 */
public final class ApiJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private ApiJson() {}

  /** Writes the {@code data} member's value. */
  @FunctionalInterface
  public interface Data {
    void write(JsonGenerator g) throws IOException;
  }

  /** The most warnings (and, separately, infos) one response lists, as upstream. */
  static final int MAX_ANNOTATIONS = 10;

  /**
   * A success envelope: {@code {"status":"success","data":…,"warnings":[…],"infos":[…]}}, with
   * warnings and infos left out when empty. Beyond {@value #MAX_ANNOTATIONS} of a kind the rest is
   * summarised as {@code "<n> more warning annotations omitted"}.
   */
  public static WebResponse success(Data data, List<String> allWarnings, List<String> allInfos) {
    List<String> warnings = capped(allWarnings, "warning");
    List<String> infos = capped(allInfos, "info");
    return new WebResponse(
        200,
        WebResponse.JSON,
        Map.of(),
        out -> {
          try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeFieldName("data");
            data.write(g);
            writeStrings(g, "warnings", warnings);
            writeStrings(g, "infos", infos);
            g.writeEndObject();
          }
        });
  }

  /** A success envelope without warnings. */
  public static WebResponse success(Data data) {
    return success(data, List.of(), List.of());
  }

  /**
   * An error envelope {@code {"status":"error","errorType":…,"error":…}} with the HTTP status of
   * the type.
   */
  public static WebResponse error(ErrorType type, String message) {
    return new WebResponse(
        type.httpStatus(),
        WebResponse.JSON,
        Map.of(),
        out -> {
          try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("status", "error");
            g.writeStringField("errorType", type.text());
            g.writeStringField("error", message);
            g.writeEndObject();
          }
        });
  }

  static List<String> capped(List<String> annotations, String kind) {
    if (annotations.size() <= MAX_ANNOTATIONS) {
      return annotations;
    }
    List<String> out = new java.util.ArrayList<>(annotations.subList(0, MAX_ANNOTATIONS));
    out.add((annotations.size() - MAX_ANNOTATIONS) + " more " + kind + " annotations omitted");
    return out;
  }

  private static void writeStrings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (String s : values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  /**
   * Writes a sample value as a string: {@code "1"}, {@code "0.5"}, {@code "NaN"}, {@code "+Inf"}.
   */
  public static void writeValue(JsonGenerator g, double v) throws IOException {
    g.writeString(GoFloat.formatJson(v));
  }

  /**
   * Like {@link #writeValue(JsonGenerator, double)}, formatting into {@code scratch} (at least
   * {@link GoFloat#MAX_JSON_CHARS} chars, owned by the caller's thread) instead of a String.
   */
  public static void writeValue(JsonGenerator g, double v, char[] scratch) throws IOException {
    g.writeString(scratch, 0, GoFloat.writeJson(v, scratch, 0));
  }

  /** Writes a Unix-ms time as seconds with up to three decimals, e.g. {@code 1435781451.781}. */
  public static void writeTimestamp(JsonGenerator g, long ms) throws IOException {
    g.writeNumber(formatTimestamp(ms));
  }

  /**
   * Formats a Unix-ms time as upstream does: whole seconds, then the millisecond fraction with
   * three digits unless it is zero ({@code 1.5} s is {@code 1.500}, not {@code 1.5}).
   */
  public static String formatTimestamp(long ms) {
    StringBuilder sb = new StringBuilder(20);
    long t = ms;
    if (t < 0) {
      sb.append('-');
      if (t == Long.MIN_VALUE) {
        return sb.append("9223372036854775.808").toString();
      }
      t = -t;
    }
    sb.append(t / 1000);
    long frac = t % 1000;
    if (frac != 0) {
      sb.append('.');
      if (frac < 100) {
        sb.append('0');
      }
      if (frac < 10) {
        sb.append('0');
      }
      sb.append(frac);
    }
    return sb.toString();
  }

  /** Writes {@code [<time>,"<value>"]}. */
  public static void writePoint(JsonGenerator g, long t, double v) throws IOException {
    g.writeStartArray();
    writeTimestamp(g, t);
    writeValue(g, v);
    g.writeEndArray();
  }

  /**
   * Like {@link #writePoint(JsonGenerator, long, double)}, formatting the value into {@code
   * scratch} as {@link #writeValue(JsonGenerator, double, char[])} does.
   */
  public static void writePoint(JsonGenerator g, long t, double v, char[] scratch)
      throws IOException {
    g.writeStartArray();
    writeTimestamp(g, t);
    writeValue(g, v, scratch);
    g.writeEndArray();
  }

  /** Writes labels as an object in label order. */
  public static void writeLabels(JsonGenerator g, Labels labels) throws IOException {
    g.writeStartObject();
    for (int i = 0; i < labels.size(); i++) {
      g.writeStringField(labels.name(i), labels.value(i));
    }
    g.writeEndObject();
  }

  /** Writes an array of strings. */
  public static void writeStringArray(JsonGenerator g, List<String> values) throws IOException {
    g.writeStartArray();
    for (String s : values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  /** Writes an object of string members in map order. */
  public static void writeStringMap(JsonGenerator g, Map<String, String> map) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** Writes {@code null}. */
  public static void writeNullable(JsonGenerator g, @Nullable String s) throws IOException {
    if (s == null) {
      g.writeNull();
    } else {
      g.writeString(s);
    }
  }
}
