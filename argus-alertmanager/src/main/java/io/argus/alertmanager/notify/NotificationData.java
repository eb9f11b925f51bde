package io.argus.alertmanager.notify;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.Fingerprints;
import io.argus.model.labels.Labels;
import io.argus.template.GoMap;
import io.argus.template.GoMethods;
import io.argus.template.GoSlice;
import io.argus.template.GoStruct;
import io.argus.template.TemplateFunctionException;
import io.argus.template.prometheus.GoTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The data of one notification, upstream's {@code template.Data}: what the webhook payload carries
 * and what notification templates see as dot ({@code .Receiver}, {@code .Status}, {@code .Alerts}
 * with {@code .Firing} and {@code .Resolved}, {@code .GroupLabels}, {@code .CommonLabels}, {@code
 * .CommonAnnotations}, {@code .ExternalURL}; label maps have {@code .SortedPairs}, {@code .Names},
 * {@code .Values} and {@code .Remove}). Immutable.
 *
 * @param receiver the receiver name with regexp metacharacters escaped, as upstream
 * @param status "firing" when any alert fires, else "resolved"
 */
public record NotificationData(
    String receiver,
    String status,
    List<AlertData> alerts,
    SortedMap<String, String> groupLabels,
    SortedMap<String, String> commonLabels,
    SortedMap<String, String> commonAnnotations,
    String externalUrl) {

  /**
   * One alert of a notification.
   *
   * @param endsAt the zero time for a firing alert
   * @param fingerprint 16 hex digits
   */
  public record AlertData(
      String status,
      SortedMap<String, String> labels,
      SortedMap<String, String> annotations,
      Instant startsAt,
      Instant endsAt,
      String generatorUrl,
      String fingerprint) {}

  /** Builds the data of a notification about {@code alerts} at {@code now}. */
  public static NotificationData of(
      String receiver, Labels groupLabels, List<Alert> alerts, Instant now, String externalUrl) {
    List<AlertData> out = new ArrayList<>(alerts.size());
    boolean firing = false;
    for (Alert a : alerts) {
      String st = a.status(now);
      firing |= st.equals("firing");
      out.add(
          new AlertData(
              st,
              toMap(a.labels()),
              Collections.unmodifiableSortedMap(new TreeMap<>(a.annotations())),
              a.startsAt(),
              a.endsAt(),
              a.generatorUrl(),
              Fingerprints.toHex(a.fingerprint())));
    }
    SortedMap<String, String> commonLabels = common(out, true);
    SortedMap<String, String> commonAnnotations = common(out, false);
    return new NotificationData(
        quoteMeta(receiver),
        firing ? "firing" : "resolved",
        List.copyOf(out),
        toMap(groupLabels),
        commonLabels,
        commonAnnotations,
        externalUrl);
  }

  private static SortedMap<String, String> toMap(Labels l) {
    TreeMap<String, String> m = new TreeMap<>();
    l.forEach(m::put);
    return Collections.unmodifiableSortedMap(m);
  }

  private static SortedMap<String, String> common(List<AlertData> alerts, boolean labels) {
    TreeMap<String, String> m = new TreeMap<>();
    if (alerts.isEmpty()) {
      return m;
    }
    m.putAll(labels ? alerts.getFirst().labels() : alerts.getFirst().annotations());
    for (AlertData a : alerts.subList(1, alerts.size())) {
      Map<String, String> other = labels ? a.labels() : a.annotations();
      m.entrySet().removeIf(e -> !e.getValue().equals(other.get(e.getKey())));
    }
    return Collections.unmodifiableSortedMap(m);
  }

  /** Go's {@code regexp.QuoteMeta}. */
  static String quoteMeta(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** The alerts that fire. */
  public List<AlertData> firing() {
    return alerts.stream().filter(a -> a.status().equals("firing")).toList();
  }

  /** The alerts that are resolved. */
  public List<AlertData> resolved() {
    return alerts.stream().filter(a -> a.status().equals("resolved")).toList();
  }

  /** The value templates see as dot. */
  public GoStruct toTemplateValue() {
    LinkedHashMap<String, Object> f = new LinkedHashMap<>();
    f.put("Receiver", receiver);
    f.put("Status", status);
    f.put("Alerts", alertsValue(alerts));
    f.put("GroupLabels", kv(groupLabels));
    f.put("CommonLabels", kv(commonLabels));
    f.put("CommonAnnotations", kv(commonAnnotations));
    f.put("ExternalURL", externalUrl);
    return new GoStruct("*template.Data", true, f);
  }

  private static GoSlice alertsValue(List<AlertData> alerts) {
    List<Object> items = new ArrayList<>(alerts.size());
    for (AlertData a : alerts) {
      LinkedHashMap<String, Object> f = new LinkedHashMap<>();
      f.put("Status", a.status());
      f.put("Labels", kv(a.labels()));
      f.put("Annotations", kv(a.annotations()));
      f.put("StartsAt", GoTimes.of(a.startsAt()));
      f.put("EndsAt", GoTimes.of(a.endsAt()));
      f.put("GeneratorURL", a.generatorUrl());
      f.put("Fingerprint", a.fingerprint());
      items.add(new GoStruct("template.Alert", false, f));
    }
    GoMethods methods =
        new Methods("template.Alerts", Set.of("Firing", "Resolved")) {
          @Override
          @Nullable Object invoke(String name, List<@Nullable Object> args) {
            String want = name.equals("Firing") ? "firing" : "resolved";
            return alertsValue(alerts.stream().filter(a -> a.status().equals(want)).toList());
          }
        };
    return new GoSlice("template.Alerts", items, methods);
  }

  /** Upstream's {@code template.KV}: a string map with SortedPairs, Names, Values and Remove. */
  static GoMap kv(SortedMap<String, String> map) {
    GoMethods methods =
        new Methods("template.KV", Set.of("SortedPairs", "Names", "Values", "Remove")) {
          @Override
          @Nullable Object invoke(String name, List<@Nullable Object> args)
              throws TemplateFunctionException {
            return switch (name) {
              case "SortedPairs" -> pairs(map);
              case "Names" -> strings(new ArrayList<>(map.keySet()));
              case "Values" -> strings(new ArrayList<>(map.values()));
              default -> {
                if (args.size() != 1 || !(args.getFirst() instanceof GoSlice s)) {
                  throw new TemplateFunctionException("wrong type for value; expected []string");
                }
                Set<String> drop = new HashSet<>();
                s.items().forEach(i -> drop.add(String.valueOf(i)));
                TreeMap<String, String> rest = new TreeMap<>(map);
                rest.keySet().removeAll(drop);
                yield kv(Collections.unmodifiableSortedMap(rest));
              }
            };
          }
        };
    return new GoMap(
        "template.KV", "", Collections.unmodifiableSortedMap(new TreeMap<>(map)), methods);
  }

  private static GoSlice strings(List<String> items) {
    return new GoSlice("[]string", List.copyOf(items));
  }

  /** Upstream's {@code template.Pairs}, sorted by name; has Names and Values. */
  private static GoSlice pairs(SortedMap<String, String> map) {
    List<Object> items = new ArrayList<>(map.size());
    map.forEach(
        (k, v) -> {
          LinkedHashMap<String, Object> f = new LinkedHashMap<>();
          f.put("Name", k);
          f.put("Value", v);
          items.add(new GoStruct("template.Pair", false, f));
        });
    GoMethods methods =
        new Methods("template.Pairs", Set.of("Names", "Values")) {
          @Override
          @Nullable Object invoke(String name, List<@Nullable Object> args) {
            return strings(new ArrayList<>(name.equals("Names") ? map.keySet() : map.values()));
          }
        };
    return new GoSlice("template.Pairs", items, methods);
  }

  private abstract static class Methods implements GoMethods {
    private final String typeName;
    private final Set<String> names;

    Methods(String typeName, Set<String> names) {
      this.typeName = typeName;
      this.names = names;
    }

    @Override
    public String typeName() {
      return typeName;
    }

    @Override
    public boolean hasMethod(String name) {
      return names.contains(name);
    }

    @Override
    public @Nullable Object call(String name, List<@Nullable Object> args)
        throws TemplateFunctionException {
      if (!name.equals("Remove") && !args.isEmpty()) {
        throw new TemplateFunctionException(
            "wrong number of args for " + name + ": want 0 got " + args.size());
      }
      return invoke(name, args);
    }

    abstract @Nullable Object invoke(String name, List<@Nullable Object> args)
        throws TemplateFunctionException;
  }
}
