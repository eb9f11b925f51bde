package io.argus.template.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParserTest {
  private static final Set<String> FUNCTIONS = Set.of("printf", "eq");

  private static Map<String, Tree> parse(String text) throws TemplateParseException {
    return Parser.parse("t", text, FUNCTIONS::contains);
  }

  @Test
  void parse_definitionsAndBlocks_becomeSeparateTrees() throws Exception {
    Map<String, Tree> trees = parse("{{ define \"a\" }}A{{ end }}x{{ block \"b\" . }}B{{ end }}");
    assertThat(trees).containsOnlyKeys("t", "a", "b");
    assertThat(trees.get("t").root().toString()).isEqualTo("\"x\"{{template \"b\" .}}");
    assertThat(trees.get("a").parseName()).isEqualTo("t");
  }

  @Test
  void parse_nodeStrings_matchGoRendering() throws Exception {
    Tree t =
        parse("{{ if eq .a 1 }}{{ $x := printf \"%d\" (.b.c) | printf \"%s\" }}{{ end }}").get("t");
    assertThat(t.root().toString())
        .isEqualTo("{{if eq .a 1}}{{$x := printf \"%d\" (.b.c) | printf \"%s\"}}{{end}}");
  }

  @Test
  void parse_trimMarkers_removeAdjacentSpace() throws Exception {
    Tree t = parse("a \n\t{{- 1 -}} \r\n b").get("t");
    assertThat(t.root().toString()).isEqualTo("\"a\"{{1}}\"b\"");
  }

  @Test
  void parse_errorsReportLineOfOffendingToken() {
    assertThatThrownBy(() -> parse("a\nb\n{{ if }}"))
        .hasMessage("template: t:3: missing value for if");
    assertThatThrownBy(() -> parse("{{ range $labels }}{{ end }}"))
        .hasMessage("template: t:1: undefined variable \"$labels\"");
  }

  @Test
  void location_countsUtf8BytesBeforeTheActionsFirstToken() throws Exception {
    Tree t = parse("é\n  xé{{ .a }}").get("t");
    Node action = t.root().nodes().get(1);
    assertThat(t.location(action)).isEqualTo("t:2:8");
  }
}
