package io.argus.web.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertStatus;
import io.argus.alertmanager.alert.Fingerprints;
import io.argus.alertmanager.silence.Silence;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.web.WebResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The JSON of API v2 as upstream's go-swagger server writes it: times in UTC with milliseconds,
 * fingerprints as 16 hex digits, error bodies either a JSON string (handler errors) or {@code
 * {"code":…,"message":…}} (request validation). Not instantiable; thread-safe.
 */
final class ApiV2Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ApiV2Json() {}

  /** Formats a time as go-swagger's {@code strfmt.DateTime}: UTC, milliseconds. */
  static String time(Instant t) {
    return TIME.format(t);
  }

  /**
   * Parses an RFC 3339 time.
   *
   * @throws DateTimeParseException when it is not one
   */
  static Instant parseTime(String s) {
    return OffsetDateTime.parse(s).toInstant();
  }

  /** A response whose body is {@code node} followed by a newline (Go's json.Encoder). */
  static WebResponse json(int status, JsonNode node) {
    byte[] body;
    try {
      body = MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("encoding a JSON tree failed", e);
    }
    return new WebResponse(
        status,
        WebResponse.JSON,
        Map.of(),
        out -> {
          out.write(body);
          out.write('\n');
        });
  }

  /** A handler error: the message as a JSON string. */
  static WebResponse message(int status, String message) {
    return json(status, MAPPER.getNodeFactory().textNode(message));
  }

  /** A go-swagger error: {@code {"code":…,"message":…}} without a trailing newline. */
  static WebResponse swaggerError(int status, int code, String message) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("code", code);
    o.put("message", message);
    byte[] body;
    try {
      body = MAPPER.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("encoding a JSON tree failed", e);
    }
    return new WebResponse(status, WebResponse.JSON, Map.of(), out -> out.write(body));
  }

  /** An alert as {@code gettableAlert}, in upstream's member order. */
  static ObjectNode alert(Alert a, AlertStatus status, List<String> receivers) {
    ObjectNode o = MAPPER.createObjectNode();
    ObjectNode ann = o.putObject("annotations");
    a.annotations().forEach(ann::put);
    o.put("endsAt", time(a.endsAt()));
    o.put("fingerprint", Fingerprints.toHex(a.fingerprint()));
    ArrayNode rs = o.putArray("receivers");
    for (String r : receivers) {
      rs.addObject().put("name", r);
    }
    o.put("startsAt", time(a.startsAt()));
    ObjectNode st = o.putObject("status");
    ArrayNode inhibited = st.putArray("inhibitedBy");
    status.inhibitedBy().forEach(inhibited::add);
    ArrayNode silenced = st.putArray("silencedBy");
    status.silencedBy().forEach(silenced::add);
    st.put("state", status.state().value());
    o.put("updatedAt", time(a.updatedAt()));
    if (!a.generatorUrl().isEmpty()) {
      o.put("generatorURL", a.generatorUrl());
    }
    ObjectNode labels = o.putObject("labels");
    a.labels().forEach(labels::put);
    return o;
  }

  /** A silence as {@code gettableSilence}, with its state at {@code now}. */
  static ObjectNode silence(Silence s, Instant now) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", s.id());
    o.putObject("status").put("state", s.state(now).value());
    o.put("updatedAt", time(s.updatedAt()));
    o.put("comment", s.comment());
    o.put("createdBy", s.createdBy());
    o.put("endsAt", time(s.endsAt()));
    ArrayNode ms = o.putArray("matchers");
    for (Matcher m : s.matchers()) {
      ObjectNode mo = ms.addObject();
      mo.put("isEqual", m.type() == MatchType.EQUAL || m.type() == MatchType.REGEX);
      mo.put("isRegex", m.type() == MatchType.REGEX || m.type() == MatchType.NOT_REGEX);
      mo.put("name", m.name());
      mo.put("value", m.value());
    }
    o.put("startsAt", time(s.startsAt()));
    return o;
  }
}
