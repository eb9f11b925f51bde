package io.argus.alertmanager.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.scanner.ScannerException;

/** A YAML document as a tree that remembers the line (1-based) of every node. */
sealed interface YamlNode {
  int line();

  /** Position in the document ((line << 20) + column), for ordering errors as Go reports them. */
  long pos();

  /** The YAML tag Go's decoder names in its errors, e.g. {@code !!str}. */
  String tag();

  /** A mapping; keys keep document order, repeated keys are kept aside. */
  record MapNode(int line, long pos, Map<String, Entry> entries, List<Entry> duplicates)
      implements YamlNode {
    @Override
    public String tag() {
      return "!!map";
    }
  }

  /** One key of a mapping. */
  record Entry(String key, int keyLine, long keyPos, YamlNode value) {}

  /** A sequence. */
  record SeqNode(int line, long pos, List<YamlNode> items) implements YamlNode {
    @Override
    public String tag() {
      return "!!seq";
    }
  }

  /** A scalar; {@code text} is null for YAML null. */
  record ScalarNode(int line, long pos, @Nullable String text, String tag) implements YamlNode {
    boolean isNull() {
      return text == null;
    }
  }

  /**
   * Parses one YAML document; an empty document gives null.
   *
   * @throws ConfigException {@code yaml: …} on a syntax error
   */
  static @Nullable YamlNode parse(String yaml) throws ConfigException {
    YAMLFactory factory =
        YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
    try (JsonParser p = factory.createParser(yaml)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      return read(p, t);
    } catch (IOException e) {
      throw new ConfigException(syntaxMessage(e), e);
    }
  }

  /**
   * libyaml's wording and line numbering (as gopkg.in/yaml.v2 prints them) for a SnakeYAML failure:
   * scanner errors name the 1-based line, parser errors the 0-based one, and line 0 is not shown.
   */
  private static String syntaxMessage(IOException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      String problem = String.valueOf(m.getProblem());
      String context = String.valueOf(m.getContext());
      boolean scanner = m instanceof ScannerException;
      if (problem.startsWith("mapping values are not allowed")) {
        problem = "mapping values are not allowed in this context";
      } else if (problem.startsWith("found character") && problem.contains("cannot start any")) {
        problem = "found character that cannot start any token";
      } else if (context.startsWith("while parsing a block mapping")) {
        problem = "did not find expected key";
      } else if (context.startsWith("while parsing a block collection")) {
        problem = "did not find expected '-' indicator";
      } else if (context.startsWith("while parsing a flow mapping")) {
        problem = "did not find expected ',' or '}'";
      } else if (context.startsWith("while parsing a flow sequence")) {
        problem = "did not find expected ',' or ']'";
      }
      int line = m.getProblemMark().getLine();
      if (line == 0) {
        return "yaml: " + problem;
      }
      return "yaml: line " + (scanner ? line + 1 : line) + ": " + problem;
    }
    int line =
        e instanceof JsonProcessingException j && j.getLocation() != null
            ? j.getLocation().getLineNr()
            : 0;
    String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return "yaml: line " + line + ": " + String.valueOf(msg).lines().findFirst().orElse("");
  }

  private static long position(JsonParser p) {
    return ((long) p.currentTokenLocation().getLineNr() << 20)
        + p.currentTokenLocation().getColumnNr();
  }

  private static YamlNode read(JsonParser p, JsonToken t) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    long pos = position(p);
    switch (t) {
      case START_OBJECT -> {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<Entry> dups = new ArrayList<>();
        int first = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = p.currentTokenLocation().getLineNr();
          long keyPos = position(p);
          if (first < 0) {
            first = keyLine;
          }
          YamlNode value = read(p, p.nextToken());
          Entry e = new Entry(key, keyLine, keyPos, value);
          if (entries.putIfAbsent(key, e) != null) {
            dups.add(e);
          }
        }
        return new MapNode(first < 0 ? line : first, pos, entries, dups);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        JsonToken n;
        while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(read(p, n));
        }
        return new SeqNode(line, pos, items);
      }
      case VALUE_NULL -> {
        return new ScalarNode(line, pos, null, "!!null");
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new ScalarNode(line, pos, p.getText(), "!!bool");
      }
      case VALUE_NUMBER_INT -> {
        return new ScalarNode(line, pos, p.getText(), "!!int");
      }
      case VALUE_NUMBER_FLOAT -> {
        return new ScalarNode(line, pos, p.getText(), "!!float");
      }
      default -> {
        return new ScalarNode(line, pos, p.getText(), "!!str");
      }
    }
  }
}
