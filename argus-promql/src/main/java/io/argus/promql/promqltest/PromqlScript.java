package io.argus.promql.promqltest;

import io.argus.model.labels.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A parsed PromQL test script (the upstream {@code *.test} language, see FORMAT.md in the shared
 * test data): its commands in file order. Immutable; parse with {@link #parse(String, String)}.
 */
public record PromqlScript(String name, List<Command> commands) {

  /** One command of a script; {@code line} is 1-based. */
  public sealed interface Command permits Clear, Load, Eval {
    int line();
  }

  /** Throws all stored data away. */
  public record Clear(int line) implements Command {}

  /**
   * Loads series; sample i of a series is at {@code i * intervalMs}.
   *
   * @param withNhcb the block was {@code load_with_nhcb}
   */
  public record Load(int line, long intervalMs, boolean withNhcb, List<LoadedSeries> series)
      implements Command {}

  /** One series of a load; {@code startTimestamps} when an {@code @st} line preceded it. */
  public record LoadedSeries(Labels labels, SeriesValues values, boolean startTimestamps) {}

  /** An expected annotation or error text: any, exact ({@code msg:}) or found ({@code regex:}). */
  public record TextExpectation(@Nullable String exact, @Nullable Pattern regex) {
    public static final TextExpectation ANY = new TextExpectation(null, null);

    public boolean matches(String actual) {
      if (exact != null) {
        return exact.equals(actual);
      }
      return regex == null || regex.matcher(actual).find();
    }

    @Override
    public String toString() {
      return exact != null ? "msg:" + exact : regex != null ? "regex:" + regex : "any";
    }
  }

  /** An expected series with its values and 1-based position (for ordered checks). */
  public record ExpectedSeries(Labels labels, SeriesValues values, int position) {}

  /** {@code expect range vector from a to b step s}, all in ms. */
  public record RangeVectorExpectation(long from, long to, long step) {}

  /**
   * An {@code eval} command. For instant evals {@code start == end} is the evaluation time and
   * {@code step} is 0.
   */
  public record Eval(
      int line,
      String expr,
      boolean range,
      long start,
      long end,
      long step,
      boolean expectFail,
      List<TextExpectation> failMessages,
      boolean ordered,
      boolean atLeastOneWarning,
      boolean atLeastOneInfo,
      List<TextExpectation> warnings,
      List<TextExpectation> infos,
      boolean noWarn,
      boolean noInfo,
      @Nullable RangeVectorExpectation rangeVector,
      @Nullable String expectedString,
      @Nullable Double expectedScalar,
      List<ExpectedSeries> expected)
      implements Command {
    /** Returns whether any expected value is a native histogram. */
    public boolean expectsHistograms() {
      return expected.stream().anyMatch(e -> e.values().hasHistograms());
    }
  }

  private static final Pattern LOAD = Pattern.compile("^load(?:_(with_nhcb))?\\s+(.+?)$");
  private static final Pattern INSTANT =
      Pattern.compile(
          "^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern RANGE =
      Pattern.compile(
          "^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)"
              + "\\s+step\\s+(.+?)\\s+(.+)$");
  private static final Pattern EXPECT =
      Pattern.compile(
          "^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
  private static final Pattern EXPECT_RANGE =
      Pattern.compile("^expect\\s+range\\s+vector\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)$");
  private static final Pattern EXPECT_STRING = Pattern.compile("^expect\\s+string\\s+(.+)$");
  private static final Pattern ST_ITEM =
      Pattern.compile(
          "_|_x([0-9]+)|([+-]?[0-9]+(?:ms|s|m|h|d|w|y)?)"
              + "(?:([+-][0-9]+(?:ms|s|m|h|d|w|y)?)?x([0-9]+))?");

  /** Reads and parses a script file. */
  public static PromqlScript parse(Path file) throws IOException {
    return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Parses script text.
   *
   * @throws ScriptParseException on the first malformed command
   */
  public static PromqlScript parse(String name, String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      lines[i] = lines[i].strip();
      if (lines[i].startsWith("#")) {
        lines[i] = "";
      }
    }
    List<Command> commands = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String l = lines[i];
      if (l.isEmpty()) {
        i++;
        continue;
      }
      String word = l.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
      try {
        if (word.equals("clear")) {
          commands.add(new Clear(i + 1));
          i++;
        } else if (word.startsWith("load")) {
          i = parseLoad(lines, i, commands);
        } else if (word.startsWith("eval")) {
          i = parseEval(lines, i, commands);
        } else {
          throw new IllegalArgumentException("invalid command \"" + l + "\"");
        }
      } catch (ScriptParseException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ScriptParseException(name, i + 1, String.valueOf(e.getMessage()));
      }
    }
    return new PromqlScript(name, List.copyOf(commands));
  }

  private static int parseLoad(String[] lines, int i, List<Command> out) {
    Matcher m = LOAD.matcher(lines[i]);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid load command \"" + lines[i] + "\"");
    }
    long interval = ScriptValues.parseDuration(m.group(2));
    Map<Labels, LoadedSeries> series = new LinkedHashMap<>();
    int header = i;
    i++;
    Labels pendingSt = null;
    int pendingStCount = 0;
    for (; i < lines.length && !lines[i].isEmpty(); i++) {
      String[] parts = ScriptValues.splitMetric(lines[i]);
      if (parts[0].endsWith("@st")) {
        pendingSt = ScriptValues.parseMetric(parts[0].substring(0, parts[0].length() - 3));
        pendingStCount = countStartTimestampItems(parts[1]);
        continue;
      }
      ScriptValues.SeriesLine s = ScriptValues.parseSeriesLine(lines[i]);
      boolean st = false;
      if (pendingSt != null) {
        if (!pendingSt.equals(s.labels()) || pendingStCount != s.values().size()) {
          throw new ScriptParseException(
              "", i + 1, "start-timestamp line does not match the following series line");
        }
        st = true;
        pendingSt = null;
      }
      series.remove(s.labels());
      series.put(s.labels(), new LoadedSeries(s.labels(), s.values(), st));
    }
    if (pendingSt != null) {
      throw new IllegalArgumentException("start-timestamp line without a series line");
    }
    out.add(new Load(header + 1, interval, m.group(1) != null, List.copyOf(series.values())));
    return i;
  }

  private static int countStartTimestampItems(String text) {
    int count = 0;
    for (String item : text.split("\\s+")) {
      if (item.isEmpty()) {
        continue;
      }
      Matcher m = ST_ITEM.matcher(item);
      if (!m.matches()) {
        throw new IllegalArgumentException("invalid start-timestamp item \"" + item + "\"");
      }
      if (m.group(1) != null) {
        count += Integer.parseInt(m.group(1));
      } else if (m.group(4) != null) {
        count += Integer.parseInt(m.group(4)) + 1;
      } else {
        count++;
      }
    }
    return count;
  }

  private static int parseEval(String[] lines, int i, List<Command> out) {
    String header = lines[i];
    int headerLine = i + 1;
    boolean range;
    String mod;
    String expr;
    long start;
    long end;
    long step = 0;
    Matcher m = INSTANT.matcher(header);
    if (m.matches()) {
      range = false;
      mod = m.group(1);
      if (m.group(2) == null) {
        throw new IllegalArgumentException("instant eval without 'at'");
      }
      start = ScriptValues.parseDuration(m.group(2));
      end = start;
      expr = m.group(3);
    } else {
      m = RANGE.matcher(header);
      if (!m.matches()) {
        throw new IllegalArgumentException("invalid eval command \"" + header + "\"");
      }
      range = true;
      mod = m.group(1);
      start = ScriptValues.parseDuration(m.group(2));
      end = ScriptValues.parseDuration(m.group(3));
      step = ScriptValues.parseDuration(m.group(4));
      expr = m.group(5);
      if (end < start) {
        throw new IllegalArgumentException(
            "invalid test definition, end timestamp is before start");
      }
    }
    boolean legacyFail = "fail".equals(mod);
    boolean expectFail = legacyFail;
    boolean ordered = "ordered".equals(mod);
    boolean warnAny = "warn".equals(mod);
    boolean infoAny = "info".equals(mod);
    boolean noWarn = false;
    boolean noInfo = false;
    List<TextExpectation> fails = new ArrayList<>();
    List<TextExpectation> warns = new ArrayList<>();
    List<TextExpectation> infos = new ArrayList<>();
    RangeVectorExpectation rv = null;
    String str = null;
    Double scalar = null;
    Map<Labels, ExpectedSeries> expected = new LinkedHashMap<>();
    int position = 0;
    boolean failSeen = legacyFail;
    i++;
    for (; i < lines.length && !lines[i].isEmpty(); i++) {
      String l = lines[i];
      if (legacyFail && l.startsWith("expected_fail_message")) {
        fails.add(new TextExpectation(l.substring("expected_fail_message".length()).strip(), null));
        i++;
        break;
      }
      if (legacyFail && l.startsWith("expected_fail_regexp")) {
        fails.add(
            new TextExpectation(
                null, Pattern.compile(l.substring("expected_fail_regexp".length()).strip())));
        i++;
        break;
      }
      Matcher rm = EXPECT_RANGE.matcher(l);
      if (rm.matches()) {
        rv =
            new RangeVectorExpectation(
                ScriptValues.parseDuration(rm.group(1).strip()),
                ScriptValues.parseDuration(rm.group(2).strip()),
                ScriptValues.parseDuration(rm.group(3).strip()));
        position++;
        continue;
      }
      Matcher sm = EXPECT_STRING.matcher(l);
      if (sm.matches()) {
        str = ScriptValues.unquote(sm.group(1).strip());
        position++;
        continue;
      }
      if (l.split("\\s+", 2)[0].equals("expect")) {
        Matcher em = EXPECT.matcher(l);
        if (!em.matches()) {
          throw new ScriptParseException("", i + 1, "invalid expect statement \"" + l + "\"");
        }
        String kind = em.group(1);
        TextExpectation te = TextExpectation.ANY;
        if (em.group(2) != null) {
          if (kind.equals("ordered") || kind.startsWith("no_")) {
            throw new ScriptParseException("", i + 1, "expect " + kind + " takes no message");
          }
          String body = em.group(3).strip();
          te =
              em.group(2).equals("msg")
                  ? new TextExpectation(body, null)
                  : new TextExpectation(null, Pattern.compile(body));
        }
        switch (kind) {
          case "ordered" -> ordered = true;
          case "fail" -> {
            if (failSeen) {
              throw new ScriptParseException("", i + 1, "more than one expect fail");
            }
            failSeen = true;
            expectFail = true;
            if (te != TextExpectation.ANY) {
              fails.add(te);
            }
          }
          case "warn" -> warns.add(te);
          case "info" -> infos.add(te);
          case "no_warn" -> noWarn = true;
          case "no_info" -> noInfo = true;
          default -> throw new IllegalStateException(kind);
        }
        continue;
      }
      Double num = ScriptValues.parseGoNumber(l);
      if (num != null) {
        scalar = num;
        i++;
        break;
      }
      position++;
      ScriptValues.SeriesLine s = ScriptValues.parseSeriesLine(l);
      if (!range && rv == null && s.values().size() != 1) {
        throw new ScriptParseException(
            "", i + 1, "expected exactly one value for an instant eval, got " + s.values().size());
      }
      if (rv != null) {
        long steps = (rv.to() - rv.from()) / rv.step() + 1;
        if (s.values().size() > steps) {
          throw new ScriptParseException("", i + 1, "more values than steps");
        }
      } else if (range && s.values().size() > (end - start) / step + 1) {
        throw new ScriptParseException("", i + 1, "more values than steps");
      }
      expected.remove(s.labels());
      expected.put(s.labels(), new ExpectedSeries(s.labels(), s.values(), position));
    }
    if ((warnAny || !warns.isEmpty()) && noWarn) {
      throw new IllegalArgumentException("expect warn and expect no_warn together");
    }
    if ((infoAny || !infos.isEmpty()) && noInfo) {
      throw new IllegalArgumentException("expect info and expect no_info together");
    }
    if (rv != null) {
      start = rv.to();
      end = rv.to();
    }
    if (ordered && range) {
      throw new IllegalArgumentException("expect ordered is not allowed for range evals");
    }
    out.add(
        new Eval(
            headerLine,
            expr,
            range,
            start,
            end,
            step,
            expectFail,
            List.copyOf(fails),
            ordered,
            warnAny,
            infoAny,
            List.copyOf(warns),
            List.copyOf(infos),
            noWarn,
            noInfo,
            rv,
            str,
            scalar,
            List.copyOf(expected.values())));
    return i;
  }
}
