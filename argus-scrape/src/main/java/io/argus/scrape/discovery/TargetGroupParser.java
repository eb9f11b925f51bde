package io.argus.scrape.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses the target group list that file and HTTP discovery read: a JSON or YAML sequence of {@code
 * {targets: [host:port, …], labels: {name: value, …}}}. Thread-safe.
 */
final class TargetGroupParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TargetGroupParser() {}

  static List<TargetGroup> parseJson(String text, String sourcePrefix, String metaName, String meta)
      throws InvalidGroupsException {
    return parse(JSON, false, text, sourcePrefix, metaName, meta);
  }

  static List<TargetGroup> parseYaml(String text, String sourcePrefix, String metaName, String meta)
      throws InvalidGroupsException {
    return parse(YAML, true, text, sourcePrefix, metaName, meta);
  }

  /**
   * Parses {@code text} into groups with sources {@code sourcePrefix + ":" + index} and the label
   * {@code metaName=meta} added to each group's common labels. YAML, like Go's YAML decoder,
   * accepts any scalar where a string is expected; JSON demands strings.
   */
  private static List<TargetGroup> parse(
      ObjectMapper mapper,
      boolean scalarsAsStrings,
      String text,
      String sourcePrefix,
      String metaName,
      String meta)
      throws InvalidGroupsException {
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidGroupsException(e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    if (!root.isArray()) {
      throw new InvalidGroupsException("expected a list of target groups", null);
    }
    List<TargetGroup> groups = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode item = root.get(i);
      if (item == null || item.isNull()) {
        throw new InvalidGroupsException("nil target group item found", null);
      }
      if (!item.isObject()) {
        throw new InvalidGroupsException("target group " + i + " is not a mapping", null);
      }
      groups.add(parseGroup(item, scalarsAsStrings, sourcePrefix + ":" + i, metaName, meta));
    }
    return groups;
  }

  private static boolean isString(JsonNode node, boolean scalarsAsStrings) {
    return node.isTextual() || (scalarsAsStrings && node.isValueNode() && !node.isNull());
  }

  private static TargetGroup parseGroup(
      JsonNode item, boolean scalarsAsStrings, String source, String metaName, String meta)
      throws InvalidGroupsException {
    LabelsBuilder common = new LabelsBuilder();
    List<Labels> targets = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "targets" -> {
          if (value.isNull()) {
            continue;
          }
          if (!value.isArray()) {
            throw new InvalidGroupsException("targets must be a list of strings", null);
          }
          for (JsonNode t : value) {
            if (!isString(t, scalarsAsStrings)) {
              throw new InvalidGroupsException("target must be a string, got " + t, null);
            }
            targets.add(Labels.of("__address__", t.asText()));
          }
        }
        case "labels" -> {
          if (value.isNull()) {
            continue;
          }
          if (!value.isObject()) {
            throw new InvalidGroupsException("labels must be a mapping of strings", null);
          }
          for (Iterator<Map.Entry<String, JsonNode>> ls = value.fields(); ls.hasNext(); ) {
            Map.Entry<String, JsonNode> label = ls.next();
            if (label.getKey().isEmpty()) {
              throw new InvalidGroupsException("invalid name \"\"", null);
            }
            if (!isString(label.getValue(), scalarsAsStrings)) {
              throw new InvalidGroupsException(
                  "label " + label.getKey() + " must have a string value", null);
            }
            common.set(label.getKey(), label.getValue().asText());
          }
        }
        default -> throw new InvalidGroupsException("field " + field.getKey() + " not found", null);
      }
    }
    common.set(metaName, meta);
    return new TargetGroup(source, targets, common.build());
  }

  /** Thrown when a target group document is malformed. */
  static final class InvalidGroupsException extends Exception {
    InvalidGroupsException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }
}
