package io.argus.scrape.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetGroupParserTest {
  @Test
  void parseYaml_acceptsScalarsAsStrings() throws Exception {
    List<TargetGroup> groups =
        TargetGroupParser.parseYaml(
            "- targets: [1234]\n  labels: {port: 80}\n", "f.yml", "__meta_filepath", "f.yml");
    assertThat(groups)
        .containsExactly(
            new TargetGroup(
                "f.yml:0",
                List.of(Labels.of("__address__", "1234")),
                Labels.of("port", "80", "__meta_filepath", "f.yml")));
  }

  @Test
  void parseYaml_emptyDocumentIsNoGroups() throws Exception {
    assertThat(TargetGroupParser.parseYaml("", "f.yml", "m", "v")).isEmpty();
  }

  static Stream<Arguments> invalidJson() {
    return Stream.of(
        Arguments.of("number label", "[{\"labels\": {\"a\": 1}}]", "must have a string value"),
        Arguments.of("unknown field", "[{\"target\": []}]", "field target not found"),
        Arguments.of("targets object", "[{\"targets\": {}}]", "targets must be a list"),
        Arguments.of("empty label name", "[{\"labels\": {\"\": \"x\"}}]", "invalid name"),
        Arguments.of("item not object", "[1]", "is not a mapping"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidJson")
  void parseJson_rejects(String name, String text, String message) {
    assertThatThrownBy(() -> TargetGroupParser.parseJson(text, "u", "m", "v"))
        .isInstanceOf(TargetGroupParser.InvalidGroupsException.class)
        .hasMessageContaining(message);
  }
}
