package io.argus.rules.notifier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.argus.model.labels.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Encodes alerts as the body of Alertmanager API v2 {@code POST /api/v2/alerts}: an array of
 * {@code postableAlert} objects with upstream's member order ({@code annotations}, {@code endsAt},
 * {@code startsAt}, {@code generatorURL}, {@code labels}), label names in byte order, empty
 * annotations and generator URL left out, and times in RFC 3339 with milliseconds. Stateless.
 */
final class AlertsJson {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter RFC3339_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** Go's zero time as upstream sends an unset {@code endsAt}. */
  static final String ZERO_TIME = "0001-01-01T00:00:00.000Z";

  private AlertsJson() {}

  /** Returns the request body for {@code alerts}. */
  static byte[] encode(List<Alert> alerts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + alerts.size() * 256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (Alert a : alerts) {
        g.writeStartObject();
        if (!a.annotations().isEmpty()) {
          g.writeFieldName("annotations");
          writeLabelSet(g, a.annotations());
        }
        g.writeStringField("endsAt", time(a.endsAtMillis()));
        g.writeStringField("startsAt", time(a.startsAtMillis()));
        if (!a.generatorUrl().isEmpty()) {
          g.writeStringField("generatorURL", a.generatorUrl());
        }
        g.writeFieldName("labels");
        writeLabelSet(g, a.labels());
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Formats Unix milliseconds as upstream's API v2 client does; 0 is Go's zero time. */
  static String time(long unixMillis) {
    if (unixMillis == 0) {
      return ZERO_TIME;
    }
    return RFC3339_MILLIS.format(Instant.ofEpochMilli(unixMillis));
  }

  private static void writeLabelSet(JsonGenerator g, Labels labels) throws IOException {
    g.writeStartObject();
    for (int i = 0; i < labels.size(); i++) {
      g.writeStringField(labels.name(i), labels.value(i));
    }
    g.writeEndObject();
  }
}
