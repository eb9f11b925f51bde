package io.argus.tsdb.block;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders a JSON tree byte for byte as Go's {@code json.MarshalIndent(v, "", "\t")} does: tab
 * indentation, {@code "key": value}, {@code {}} and {@code []} for empty containers, and Go's
 * string escaping (HTML-sensitive characters and U+2028/U+2029 as {@code \}{@code u} escapes).
 */
final class GoJsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJsonWriter() {}

  static String write(JsonNode node) {
    StringBuilder sb = new StringBuilder(512);
    write(sb, node, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, JsonNode node, int depth) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        if (node.isEmpty()) {
          sb.append("{}");
          return;
        }
        sb.append('{');
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          newline(sb, depth + 1);
          appendString(sb, e.getKey());
          sb.append(": ");
          write(sb, e.getValue(), depth + 1);
          if (it.hasNext()) {
            sb.append(',');
          }
        }
        newline(sb, depth);
        sb.append('}');
      }
      case ARRAY -> {
        if (node.isEmpty()) {
          sb.append("[]");
          return;
        }
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
          newline(sb, depth + 1);
          write(sb, node.get(i), depth + 1);
          if (i + 1 < node.size()) {
            sb.append(',');
          }
        }
        newline(sb, depth);
        sb.append(']');
      }
      case STRING -> appendString(sb, node.textValue());
      case NUMBER ->
          sb.append(node.isBigDecimal() ? node.decimalValue().toString() : node.asText());
      case BOOLEAN -> sb.append(node.booleanValue());
      default -> sb.append("null");
    }
  }

  private static void newline(StringBuilder sb, int depth) {
    sb.append('\n');
    for (int i = 0; i < depth; i++) {
      sb.append('\t');
    }
  }

  static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            sb.append("\\u")
                .append(HEX[(c >> 12) & 15])
                .append(HEX[(c >> 8) & 15])
                .append(HEX[(c >> 4) & 15])
                .append(HEX[c & 15]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
