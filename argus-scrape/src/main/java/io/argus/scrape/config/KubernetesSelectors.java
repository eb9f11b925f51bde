package io.argus.scrape.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parsing and validation of Kubernetes label and field selector strings as the API server accepts
 * them ({@code app=web,tier!=db}, {@code env in (a,b)}, {@code !legacy}; {@code
 * metadata.name=x,status.phase!=Pending}). Stateless.
 */
public final class KubernetesSelectors {
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

  private KubernetesSelectors() {}

  /**
   * One term of a field selector.
   *
   * @param field the field path, like {@code metadata.name}
   * @param equals true for {@code =}/{@code ==}, false for {@code !=}
   * @param value the unescaped value
   */
  public record FieldRequirement(String field, boolean equals, String value) {}

  /**
   * Parses a field selector; the empty string selects everything and yields an empty list.
   *
   * @throws IllegalArgumentException in the API server's words when a term has no operator or an
   *     invalid escape
   */
  public static List<FieldRequirement> parseFieldSelector(String selector) {
    List<FieldRequirement> out = new ArrayList<>();
    if (selector.isEmpty()) {
      return out;
    }
    for (String term : splitUnescaped(selector)) {
      int ne = indexUnescaped(term, "!=");
      int eqeq = indexUnescaped(term, "==");
      int eq = indexUnescaped(term, "=");
      FieldRequirement r;
      if (ne >= 0) {
        r = new FieldRequirement(term.substring(0, ne), false, term.substring(ne + 2));
      } else if (eqeq >= 0) {
        r = new FieldRequirement(term.substring(0, eqeq), true, term.substring(eqeq + 2));
      } else if (eq >= 0) {
        r = new FieldRequirement(term.substring(0, eq), true, term.substring(eq + 1));
      } else {
        throw new IllegalArgumentException(
            "invalid selector: '" + selector + "'; can't understand '" + term + "'");
      }
      out.add(new FieldRequirement(r.field(), r.equals(), unescape(r.value())));
    }
    return out;
  }

  /**
   * Checks a label selector's syntax, keys and values.
   *
   * @throws IllegalArgumentException describing the first problem
   */
  public static void validateLabelSelector(String selector) {
    if (selector.isBlank()) {
      return;
    }
    for (String requirement : splitRequirements(selector)) {
      validateRequirement(requirement.strip());
    }
  }

  private static void validateRequirement(String r) {
    if (r.isEmpty()) {
      throw new IllegalArgumentException("found ',', expected: !, identifier, or 'end of string'");
    }
    if (r.startsWith("!")) {
      validateKey(r.substring(1).strip());
      return;
    }
    String[] ops = {"!=", "==", "=", ">", "<"};
    for (String op : ops) {
      int i = r.indexOf(op);
      if (i >= 0) {
        validateKey(r.substring(0, i).strip());
        String value = r.substring(i + op.length()).strip();
        if (op.equals(">") || op.equals("<")) {
          if (!INTEGER.matcher(value).matches()) {
            throw new IllegalArgumentException(
                "for 'Gt', 'Lt' operators, the value must be an integer");
          }
        } else {
          validateValue(value);
        }
        return;
      }
    }
    String[] words = r.split("\\s+", 2);
    if (words.length == 1) {
      validateKey(words[0]);
      return;
    }
    validateKey(words[0]);
    String rest = words[1].strip();
    String op = rest.startsWith("notin") ? "notin" : rest.startsWith("in") ? "in" : "";
    if (op.isEmpty()) {
      throw new IllegalArgumentException(
          "found '" + rest.split("\\s+")[0] + "', expected: in, notin, =, ==, !=, gt, lt");
    }
    String set = rest.substring(op.length()).strip();
    if (!set.startsWith("(") || !set.endsWith(")")) {
      throw new IllegalArgumentException("found '" + set + "', expected: '('");
    }
    for (String v : set.substring(1, set.length() - 1).split(",", -1)) {
      validateValue(v.strip());
    }
  }

  private static void validateKey(String key) {
    int slash = key.indexOf('/');
    String name = slash >= 0 ? key.substring(slash + 1) : key;
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        throw new IllegalArgumentException(
            "key: Invalid value: \""
                + key
                + "\": prefix part must be a lowercase RFC 1123 subdomain");
      }
    }
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "key: Invalid value: \""
              + key
              + "\": name part must consist of alphanumeric characters, '-', '_' or '.', and must"
              + " start and end with an alphanumeric character");
    }
  }

  private static void validateValue(String value) {
    if (!value.isEmpty() && (value.length() > 63 || !NAME.matcher(value).matches())) {
      throw new IllegalArgumentException(
          "values[0]: Invalid value: \""
              + value
              + "\": a valid label must be an empty string or consist of alphanumeric characters,"
              + " '-', '_' or '.', and must start and end with an alphanumeric character");
    }
  }

  /** Splits on commas outside parentheses. */
  private static List<String> splitRequirements(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  private static List<String> splitUnescaped(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static int indexUnescaped(String s, String op) {
    for (int i = 0; i + op.length() <= s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.startsWith(op, i)) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String v) {
    StringBuilder out = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\') {
        if (i + 1 >= v.length() || "\\,=!".indexOf(v.charAt(i + 1)) < 0) {
          throw new IllegalArgumentException(
              "invalid field selector: invalid escape sequence in value: " + v);
        }
        out.append(v.charAt(++i));
      } else if (c == ',' || c == '=' || c == '!') {
        throw new IllegalArgumentException(
            "invalid field selector: unescaped character '" + c + "' in value: " + v);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
