package io.argus.scrape.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * File globs with Go's {@code filepath.Match} syntax: {@code *} and {@code ?} within one path
 * element, {@code [...]} classes (with {@code ^} negation and ranges) and {@code \} escapes.
 * Stateless and thread-safe.
 */
public final class Globs {
  private Globs() {}

  /** Go's error for a malformed pattern, or null when the pattern is well-formed. */
  public static @Nullable String syntaxError(String pattern) {
    try {
      toRegex(pattern);
      return null;
    } catch (IllegalArgumentException e) {
      return "syntax error in pattern";
    }
  }

  public static boolean hasMeta(String pattern) {
    return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\');
  }

  /**
   * The existing files matching {@code pattern}, sorted; a pattern without meta is returned as is
   * if the file exists.
   */
  public static List<Path> expand(String pattern) {
    if (!hasMeta(pattern)) {
      Path p = Path.of(pattern);
      return Files.exists(p) ? List.of(p) : List.of();
    }
    boolean absolute = pattern.startsWith("/");
    String[] parts = pattern.split("/");
    List<Path> current = new ArrayList<>();
    current.add(absolute ? Path.of("/") : Path.of(""));
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      List<Path> next = new ArrayList<>();
      if (!hasMeta(part)) {
        for (Path c : current) {
          Path p = c.resolve(part);
          if (Files.exists(p)) {
            next.add(p);
          }
        }
      } else {
        Pattern re = Pattern.compile(toRegex(part));
        for (Path c : current) {
          Path dir = c.toString().isEmpty() ? Path.of(".") : c;
          if (!Files.isDirectory(dir)) {
            continue;
          }
          try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                .filter(n -> re.matcher(n).matches())
                .sorted()
                .forEach(n -> next.add(c.resolve(n)));
          } catch (IOException e) {
            // unreadable directories match nothing, as in Go
          }
        }
      }
      current = next;
    }
    return current;
  }

  /** Translates one Go pattern into a Java regex; throws on malformed patterns. */
  static String toRegex(String pattern) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i + 1 >= n) {
            throw new IllegalArgumentException("bad pattern");
          }
          i++;
          re.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
        }
        case '[' -> {
          int j = i + 1;
          StringBuilder cls = new StringBuilder("[");
          if (j < n && pattern.charAt(j) == '^') {
            cls.append('^');
            j++;
          }
          boolean any = false;
          while (true) {
            if (j >= n) {
              throw new IllegalArgumentException("bad pattern");
            }
            char k = pattern.charAt(j);
            if (k == ']' && any) {
              break;
            }
            if (k == '\\') {
              j++;
              if (j >= n) {
                throw new IllegalArgumentException("bad pattern");
              }
              k = pattern.charAt(j);
            } else if (k == '-' || k == ']') {
              throw new IllegalArgumentException("bad pattern");
            }
            cls.append("\\x{").append(Integer.toHexString(k)).append('}');
            j++;
            if (j < n && pattern.charAt(j) == '-') {
              j++;
              if (j >= n || pattern.charAt(j) == ']') {
                throw new IllegalArgumentException("bad pattern");
              }
              char hi = pattern.charAt(j);
              if (hi == '\\') {
                j++;
                if (j >= n) {
                  throw new IllegalArgumentException("bad pattern");
                }
                hi = pattern.charAt(j);
              }
              cls.append("-\\x{").append(Integer.toHexString(hi)).append('}');
              j++;
            }
            any = true;
          }
          re.append(cls).append(']');
          i = j;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return re.toString();
  }
}
