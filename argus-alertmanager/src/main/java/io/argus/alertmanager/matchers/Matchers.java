package io.argus.alertmanager.matchers;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.model.labels.Utf8Order;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Alertmanager's conventions for lists of matchers: the printed form {@code name="value"} with
 * OpenMetrics escaping, the sort order (name, then value, then operator) and conjunctive matching
 * of a label set. Not instantiable; thread-safe.
 */
public final class Matchers {
  /** Upstream's order: by name, then value (byte-wise), then operator (=, !=, =~, !~). */
  public static final Comparator<Matcher> ORDER =
      Comparator.comparing(Matcher::name, Utf8Order.COMPARATOR)
          .thenComparing(Matcher::value, Utf8Order.COMPARATOR)
          .thenComparing(Matcher::type);

  private Matchers() {}

  /** Formats one matcher as {@code name=~"value"}, escaping backslash, newline and quote. */
  public static String format(Matcher m) {
    StringBuilder sb = new StringBuilder();
    appendTo(sb, m);
    return sb.toString();
  }

  /** Formats a list as {@code {a="b",c!="d"}} (no blanks), in the given order. */
  public static String format(List<Matcher> ms) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < ms.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      appendTo(sb, ms.get(i));
    }
    return sb.append('}').toString();
  }

  private static void appendTo(StringBuilder sb, Matcher m) {
    sb.append(m.name()).append(m.type().operator()).append('"');
    String v = m.value();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '"' -> sb.append("\\\"");
        default -> sb.append(c);
      }
    }
    sb.append('"');
  }

  /** Returns a copy sorted by {@link #ORDER}. */
  public static List<Matcher> sorted(List<Matcher> ms) {
    List<Matcher> copy = new ArrayList<>(ms);
    copy.sort(ORDER);
    return List.copyOf(copy);
  }

  /** Whether every matcher matches {@code ls} (an absent label matches as the empty string). */
  public static boolean matches(List<Matcher> ms, Labels ls) {
    for (int i = 0; i < ms.size(); i++) {
      if (!ms.get(i).matches(ls)) {
        return false;
      }
    }
    return true;
  }
}
