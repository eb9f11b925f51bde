package io.argus.app.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import org.jspecify.annotations.Nullable;

/**
 * Formats an event as one JSON object per line with the same fields and order as {@link
 * LogfmtLayout} ({@code --log.format=json}). Finite numbers and booleans stay JSON numbers and
 * booleans; every other value becomes a string. Thread-safe.
 */
public final class JsonLayout extends LayoutBase<ILoggingEvent> {
  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(192).append('{');
    EventFields.visit(
        event,
        (key, value) -> {
          if (line.length() > 1) {
            line.append(',');
          }
          appendString(line, key);
          line.append(':');
          appendValue(line, value);
        });
    return line.append("}\n").toString();
  }

  private static void appendValue(StringBuilder out, @Nullable Object value) {
    if (value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      out.append(value);
    } else if (value instanceof Number n
        && (value instanceof Double || value instanceof Float)
        && Double.isFinite(n.doubleValue())) {
      out.append(value);
    } else {
      appendString(out, EventFields.stringValue(value));
    }
  }

  static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
