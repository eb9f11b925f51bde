package io.argus.model.labels;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles regular expressions written in Go's RE2 syntax (what Prometheus configuration accepts)
 * into {@link Pattern}s with RE2's meaning: {@code .} matches newlines and only {@code \n} ends a
 * line. Not instantiable; thread-safe.
 */
public final class Re2 {
  private Re2() {}

  /**
   * Compiles {@code re} unanchored; callers that need a full match use {@link
   * java.util.regex.Matcher#matches()}.
   *
   * @throws IllegalArgumentException with Go's message ({@code error parsing regexp: …}) when RE2
   *     would reject the expression
   */
  public static Pattern compile(String re) {
    String java = Re2Syntax.toJava(re);
    try {
      return Pattern.compile("(?s:" + java + ")", Pattern.UNIX_LINES);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "error parsing regexp: " + e.getDescription() + ": `" + re + "`", e);
    }
  }
}
