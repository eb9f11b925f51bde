package io.argus.app.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.KeyValuePair;

/**
 * Walks the fields of one logging event in the order Prometheus prints them: {@code ts},
 * {@code caller}, {@code level}, the MDC entries (context such as {@code component}, sorted by
 * key), {@code msg}, the event's key/value pairs in the order they were added, and {@code err}
 * when the event carries a throwable. Shared by the logfmt and JSON layouts.
 */
final class EventFields {
  /** Millisecond precision in UTC, as Prometheus prints {@code ts}. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Receives one field; values are strings except key/value pair values, kept as given. */
  interface Sink {
    void field(String key, @Nullable Object value);
  }

  private EventFields() {}

  static void visit(ILoggingEvent event, Sink sink) {
    sink.field("ts", TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp())));
    String caller = caller(event);
    if (caller != null) {
      sink.field("caller", caller);
    }
    sink.field("level", event.getLevel().toString().toLowerCase(java.util.Locale.ROOT));
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null && !mdc.isEmpty()) {
      for (Map.Entry<String, String> e : new TreeMap<>(mdc).entrySet()) {
        sink.field(e.getKey(), e.getValue());
      }
    }
    sink.field("msg", event.getFormattedMessage());
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        sink.field(pair.key, pair.value);
      }
    }
    IThrowableProxy throwable = event.getThrowableProxy();
    if (throwable != null) {
      sink.field("err", errorText(throwable));
    }
  }

  private static @Nullable String caller(ILoggingEvent event) {
    StackTraceElement[] callerData = event.getCallerData();
    if (callerData == null || callerData.length == 0) {
      return null;
    }
    StackTraceElement frame = callerData[0];
    String file = frame.getFileName() != null ? frame.getFileName() : frame.getClassName();
    return frame.getLineNumber() >= 0 ? file + ":" + frame.getLineNumber() : file;
  }

  /**
   * The error chain in Go's style: each message, joined by {@code ": "}, skipping a cause whose
   * text the previous message already contains.
   */
  static String errorText(IThrowableProxy throwable) {
    StringBuilder text = new StringBuilder();
    String previous = "";
    for (IThrowableProxy t = throwable; t != null; t = t.getCause()) {
      String message = t.getMessage() != null ? t.getMessage() : t.getClassName();
      if (!previous.contains(message)) {
        if (!text.isEmpty()) {
          text.append(": ");
        }
        text.append(message);
      }
      previous = message;
    }
    return text.toString();
  }

  static String stringValue(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Object[] array) {
      return java.util.Arrays.deepToString(array);
    }
    return value.toString();
  }
}
