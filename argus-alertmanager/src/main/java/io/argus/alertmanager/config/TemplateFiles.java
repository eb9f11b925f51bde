package io.argus.alertmanager.config;

import io.argus.model.labels.Re2;
import io.argus.template.GoFunction;
import io.argus.template.GoFunction.Param;
import io.argus.template.GoSlice;
import io.argus.template.MissingKey;
import io.argus.template.Template;
import io.argus.template.TemplateException;
import io.argus.template.TemplateFunctionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Alertmanager's template files: the functions upstream adds to Go's ({@code toUpper}, {@code
 * toLower}, {@code title}, {@code join}, {@code match}, {@code safeHtml}, {@code reReplaceAll},
 * {@code stringSlice}) and the loading of the {@code templates:} globs, where a glob matching no
 * file is not an error. Not instantiable; thread-safe.
 */
public final class TemplateFiles {
  private static final Param STRING_SLICE = new Param("[]string", GoFunction.Kind.TYPED);

  /** Upstream's template functions, by name. */
  public static final Map<String, GoFunction> FUNCTIONS = functions();

  private TemplateFiles() {}

  private static Map<String, GoFunction> functions() {
    List<GoFunction> fns = new ArrayList<>();
    fns.add(
        GoFunction.of(
            "toUpper", a -> ((String) a.getFirst()).toUpperCase(Locale.ROOT), Param.STRING));
    fns.add(
        GoFunction.of(
            "toLower", a -> ((String) a.getFirst()).toLowerCase(Locale.ROOT), Param.STRING));
    fns.add(GoFunction.of("title", a -> title((String) a.getFirst()), Param.STRING));
    fns.add(
        GoFunction.of(
            "join",
            a -> {
              List<String> parts = new ArrayList<>();
              if (a.get(1) instanceof GoSlice s) {
                s.items().forEach(i -> parts.add(String.valueOf(i)));
              }
              return String.join((String) a.get(0), parts);
            },
            Param.STRING,
            STRING_SLICE));
    fns.add(
        GoFunction.of(
            "match",
            a -> compile((String) a.get(0)).matcher((String) a.get(1)).find(),
            Param.STRING,
            Param.STRING));
    fns.add(GoFunction.of("safeHtml", a -> a.getFirst(), Param.STRING));
    fns.add(
        GoFunction.of(
            "reReplaceAll",
            a ->
                compile((String) a.get(0))
                    .matcher((String) a.get(2))
                    .replaceAll(javaReplacement((String) a.get(1))),
            Param.STRING,
            Param.STRING,
            Param.STRING));
    fns.add(
        GoFunction.variadic(
            "stringSlice", a -> new GoSlice("[]string", List.copyOf(a)), Param.STRING));
    Map<String, GoFunction> m = new java.util.HashMap<>();
    fns.forEach(f -> m.put(f.name(), f));
    return Map.copyOf(m);
  }

  private static Pattern compile(String re) throws TemplateFunctionException {
    try {
      return Re2.compile(re);
    } catch (IllegalArgumentException e) {
      throw new TemplateFunctionException(String.valueOf(e.getMessage()));
    }
  }

  /** Go's {@code $1}, {@code ${name}} expansion as a Java replacement string. */
  static String javaReplacement(String go) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < go.length(); i++) {
      char c = go.charAt(i);
      if (c == '$' && i + 1 < go.length()) {
        char n = go.charAt(i + 1);
        if (n == '$') {
          sb.append("\\$");
          i++;
          continue;
        }
        if (n == '{') {
          int close = go.indexOf('}', i);
          if (close > 0) {
            sb.append("${").append(go, i + 2, close).append('}');
            i = close;
            continue;
          }
        }
        int j = i + 1;
        while (j < go.length()
            && (Character.isLetterOrDigit(go.charAt(j)) || go.charAt(j) == '_')) {
          j++;
        }
        if (j > i + 1) {
          sb.append("${").append(go, i + 1, j).append('}');
          i = j - 1;
          continue;
        }
      }
      if (c == '\\' || c == '$') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Upper-cases the first letter of every word, lower-cases nothing else. */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean start = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(start ? Character.toTitleCase(c) : c);
      start = !Character.isLetterOrDigit(c) && c != '\'';
    }
    return sb.toString();
  }

  /**
   * Parses the template files of the globs as {@code amtool check-config} does.
   *
   * @throws ConfigException with Go's message
   */
  public static void check(List<String> globs) throws ConfigException {
    List<Template.Source> sources = new ArrayList<>();
    for (String glob : globs) {
      for (Path p : glob(glob)) {
        try {
          String text = Files.readString(p, StandardCharsets.UTF_8);
          sources.add(new Template.Source(p.getFileName().toString(), text));
        } catch (IOException e) {
          throw new ConfigException("open " + p + ": " + e.getMessage(), e);
        }
      }
    }
    if (sources.isEmpty()) {
      return;
    }
    try {
      Template.parseAll(sources, FUNCTIONS, MissingKey.ZERO);
    } catch (TemplateException e) {
      throw new ConfigException(String.valueOf(e.getMessage()), e);
    }
  }

  /** Go's {@code filepath.Glob}: sorted matches, {@code syntax error in pattern}. */
  static List<Path> glob(String pattern) throws ConfigException {
    if (!hasMeta(pattern)) {
      Path p = Path.of(pattern);
      return Files.exists(p) ? List.of(p) : List.of();
    }
    int slash = pattern.lastIndexOf('/');
    String dir = slash < 0 ? "" : pattern.substring(0, slash == 0 ? 1 : slash);
    String file = pattern.substring(slash + 1);
    Pattern re = toRegex(file);
    List<Path> dirs = dir.isEmpty() ? List.of(Path.of(".")) : glob(dir);
    List<Path> out = new ArrayList<>();
    for (Path d : dirs) {
      if (!Files.isDirectory(d)) {
        continue;
      }
      List<Path> inDir = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
        for (Path p : ds) {
          if (re.matcher(p.getFileName().toString()).matches()) {
            inDir.add(dir.isEmpty() ? p.getFileName() : p);
          }
        }
      } catch (IOException e) {
        continue;
      }
      inDir.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
      out.addAll(inDir);
    }
    return out;
  }

  private static boolean hasMeta(String s) {
    return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\');
  }

  /** One path element of {@code filepath.Match} syntax as a regex. */
  private static Pattern toRegex(String part) throws ConfigException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      switch (c) {
        case '*' -> sb.append("[^/]*");
        case '?' -> sb.append("[^/]");
        case '\\' -> {
          if (i + 1 >= part.length()) {
            throw new ConfigException("syntax error in pattern");
          }
          sb.append(Pattern.quote(String.valueOf(part.charAt(++i))));
        }
        case '[' -> {
          int close = part.indexOf(']', i + 2);
          if (close < 0) {
            throw new ConfigException("syntax error in pattern");
          }
          String cls = part.substring(i + 1, close);
          boolean negate = cls.startsWith("^");
          if (negate) {
            cls = cls.substring(1);
          }
          sb.append(negate ? "[^" : "[");
          for (char x : cls.toCharArray()) {
            if (x == '-' || Character.isLetterOrDigit(x)) {
              sb.append(x);
            } else {
              sb.append('\\').append(x);
            }
          }
          sb.append(']');
          i = close;
        }
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    try {
      return Pattern.compile(sb.toString());
    } catch (PatternSyntaxException e) {
      throw new ConfigException("syntax error in pattern", e);
    }
  }
}
