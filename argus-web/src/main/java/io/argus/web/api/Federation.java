package io.argus.web.api;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.Queryable;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.StorageException;
import io.argus.storage.ValueType;
import io.argus.util.Clock;
import io.argus.util.GoFloat;
import io.argus.web.WebHandler;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /federate}: the latest sample (within the lookback delta) of every series matching any
 * {@code match[]} selector, in the Prometheus text format 0.0.4, each family typed {@code untyped}
 * and grouped by metric name. Every external label the series lacks is appended, as is {@code
 * instance=""} when the external labels have no instance. Stale markers and nameless series are
 * left out. A bad selector answers 400 with the parse error. Thread-safe.
 */
public final class Federation implements WebHandler {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Queryable queryable;
  private final LongSupplier lookbackMillis;
  private final Supplier<Labels> externalLabels;
  private final BooleanSupplier ready;
  private final Clock clock;

  /**
   * @param lookbackMillis the lookback delta ({@code --query.lookback-delta}), in ms
   * @param externalLabels the external labels of the configuration in force
   */
  public Federation(
      Queryable queryable,
      LongSupplier lookbackMillis,
      Supplier<Labels> externalLabels,
      BooleanSupplier ready,
      Clock clock) {
    this.queryable = queryable;
    this.lookbackMillis = lookbackMillis;
    this.externalLabels = externalLabels;
    this.ready = ready;
    this.clock = clock;
  }

  private record Latest(Labels labels, long t, double v) {}

  @Override
  public @Nullable WebResponse handle(WebRequest r) {
    if (!r.path().equals("/federate")) {
      return null;
    }
    if (!r.isGetOrHead()) {
      return WebResponse.text(405, "Method Not Allowed\n").withHeader("Allow", "GET");
    }
    if (!ready.getAsBoolean()) {
      return WebResponse.text(503, "Service Unavailable");
    }
    List<List<Matcher>> sets = new ArrayList<>();
    for (String s : r.params("match[]")) {
      try {
        sets.add(io.argus.promql.parser.PromqlParser.parseMetricSelector(s));
      } catch (io.argus.promql.parser.ParseException e) {
        return WebResponse.text(400, e.getMessage() + "\n");
      }
    }
    long maxt = clock.millis();
    long mint = maxt - lookbackMillis.getAsLong();
    TreeMap<Labels, Latest> latest = new TreeMap<>();
    try (Querier q = queryable.querier(mint, maxt)) {
      SelectHints hints = SelectHints.range(mint, maxt);
      SampleIterator it = null;
      for (List<Matcher> set : sets) {
        SeriesSet ss = q.select(true, hints, set.toArray(Matcher[]::new));
        while (ss.next()) {
          Labels labels = ss.at().labels();
          if (latest.containsKey(labels)) {
            continue;
          }
          it = ss.at().iterator(it);
          long t = Long.MIN_VALUE;
          double v = 0;
          while (it.next() == ValueType.FLOAT) {
            if (it.atT() > maxt) {
              break;
            }
            t = it.atT();
            v = it.atFloat();
          }
          if (t == Long.MIN_VALUE || isStaleNaN(v)) {
            continue;
          }
          latest.put(labels, new Latest(labels, t, v));
        }
      }
    } catch (StorageException e) {
      return WebResponse.text(500, e.getMessage() + "\n");
    }
    List<Latest> samples = new ArrayList<>(latest.values());
    samples.sort(Comparator.comparing(s -> s.labels().getOrEmpty("__name__")));
    Labels ext = externalLabels.get();
    TreeSet<String> extNames = new TreeSet<>();
    Map<String, String> extValues = new TreeMap<>();
    ext.forEach(
        (n, v) -> {
          extNames.add(n);
          extValues.put(n, v);
        });
    if (!extValues.containsKey("instance")) {
      extNames.add("instance");
      extValues.put("instance", "");
    }
    return new WebResponse(
        200,
        CONTENT_TYPE,
        Map.of(),
        out -> {
          Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16384);
          String lastName = null;
          for (Latest s : samples) {
            String name = s.labels().get("__name__");
            if (name == null || name.isEmpty()) {
              continue;
            }
            if (!name.equals(lastName)) {
              w.write("# TYPE ");
              w.write(name);
              w.write(" untyped\n");
              lastName = name;
            }
            w.write(name);
            boolean first = true;
            Labels l = s.labels();
            for (int i = 0; i < l.size(); i++) {
              String n = l.name(i);
              if (n.equals("__name__") || l.value(i).isEmpty()) {
                continue;
              }
              first = writeLabel(w, first, n, l.value(i));
            }
            for (String n : extNames) {
              String own = l.get(n);
              if (own == null || own.isEmpty()) {
                first = writeLabel(w, first, n, extValues.get(n));
              }
            }
            if (!first) {
              w.write('}');
            }
            w.write(' ');
            w.write(GoFloat.format(s.v()));
            w.write(' ');
            w.write(Long.toString(s.t()));
            w.write('\n');
          }
          w.flush();
        });
  }

  private static boolean writeLabel(Writer w, boolean first, String name, String value)
      throws java.io.IOException {
    w.write(first ? '{' : ',');
    w.write(name);
    w.write("=\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> w.write("\\\\");
        case '"' -> w.write("\\\"");
        case '\n' -> w.write("\\n");
        default -> w.write(c);
      }
    }
    w.write('"');
    return false;
  }

  private static boolean isStaleNaN(double v) {
    return Double.doubleToRawLongBits(v) == 0x7ff0000000000002L;
  }
}
