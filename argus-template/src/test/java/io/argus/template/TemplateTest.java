package io.argus.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

  private static String run(String text, Object data, MissingKey missingKey) throws Exception {
    return Template.parse("t", text, Map.of(), missingKey).execute(data);
  }

  @Test
  void execute_missingKeyDefault_printsNoValue() throws Exception {
    assertThat(run("[{{ .a }}]", Map.of("b", "x"), MissingKey.DEFAULT)).isEqualTo("[<no value>]");
  }

  @Test
  void execute_missingKeyZero_printsZeroOfElementType() throws Exception {
    assertThat(run("[{{ .a }}]", Map.of("b", "x"), MissingKey.ZERO)).isEqualTo("[]");
  }

  @Test
  void execute_missingKeyError_failsWithGoMessage() {
    assertThatThrownBy(() -> run("ab{{ .a }}", Map.of("b", "x"), MissingKey.ERROR))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template: t:1:5: executing \"t\" at <.a>: map has no entry for key \"a\"");
  }

  @Test
  void execute_javaCollections_areGoMapsAndSlices() throws Exception {
    Map<String, Object> data =
        Map.of("alerts", List.of(Map.of("name", "A"), Map.of("name", "B")), "count", 2);
    assertThat(
            run(
                "{{ range $i, $a := .alerts }}{{ $i }}:{{ $a.name }} {{ end }}{{ .count }}",
                data,
                MissingKey.DEFAULT))
        .isEqualTo("0:A 1:B 2");
  }

  @Test
  void execute_namedTemplate_runsDefinitionWithData() throws Exception {
    Template t =
        Template.parse(
            "notifications",
            "{{ define \"slack.title\" }}[{{ .status }}] {{ .name }}{{ end }}",
            Map.of(),
            MissingKey.DEFAULT);
    StringBuilder out = new StringBuilder();
    t.execute("slack.title", Map.of("status", "firing", "name", "DiskFull"), out);
    assertThat(out).hasToString("[firing] DiskFull");
  }

  @Test
  void execute_unknownTemplateName_fails() throws Exception {
    Template t = Template.parse("t", "x", Map.of(), MissingKey.DEFAULT);
    assertThatThrownBy(() -> t.execute("y", null, new StringBuilder()))
        .hasMessage("template: no template \"y\" associated with template \"t\"");
  }

  @Test
  void execute_endlessRecursion_stopsWithDepthError() throws Exception {
    Template t =
        Template.parse(
            "t",
            "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}",
            Map.of(),
            MissingKey.DEFAULT);
    assertThatThrownBy(() -> t.execute(null))
        .hasMessageContaining("exceeded maximum template depth (100000)");
  }

  @Test
  void parse_customFunction_overridesBuiltinAndIsCalled() throws Exception {
    GoFunction shout =
        GoFunction.of("len", a -> ((String) a.getFirst()).toUpperCase(), GoFunction.Param.STRING);
    Template t = Template.parse("t", "{{ len \"abc\" }}", Map.of("len", shout), MissingKey.ZERO);
    assertThat(t.execute(null)).isEqualTo("ABC");
  }

  @Test
  void parse_functionError_isReportedWithCallContext() throws Exception {
    GoFunction fail =
        GoFunction.of(
            "fail",
            a -> {
              throw new TemplateFunctionException("boom");
            });
    Template t = Template.parse("t", "x\n {{ fail }}", Map.of("fail", fail), MissingKey.ZERO);
    assertThatThrownBy(() -> t.execute(null))
        .hasMessage("template: t:2:4: executing \"t\" at <fail>: error calling fail: boom");
  }

  @Test
  void parse_undefinedFunction_failsWithGoMessage() {
    assertThatThrownBy(() -> Template.parse("t", "\n{{ nope }}", Map.of(), MissingKey.ZERO))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template: t:2: function \"nope\" not defined");
  }

  @Test
  void execute_outputIsNotHtmlEscaped() throws Exception {
    assertThat(run("{{ .v }}", Map.of("v", "<b>&\"'"), MissingKey.DEFAULT)).isEqualTo("<b>&\"'");
  }

  @Test
  void parseAll_sharesDefinitionsAcrossSources() throws Exception {
    Template t =
        Template.parseAll(
            List.of(
                new Template.Source("main.tmpl", "{{ template \"title\" . }}"),
                new Template.Source("a.tmpl", "{{ define \"title\" }}old{{ end }}"),
                new Template.Source("b.tmpl", "{{ define \"title\" }}{{ .x }}{{ end }}")),
            Map.of(),
            MissingKey.DEFAULT);
    assertThat(t.name()).isEqualTo("main.tmpl");
    assertThat(t.hasTemplate("a.tmpl")).isTrue();
    assertThat(t.execute(Map.of("x", "new"))).isEqualTo("new");
  }

  @Test
  void parseAll_errorsNameTheFailingSource() {
    assertThatThrownBy(
            () ->
                Template.parseAll(
                    List.of(new Template.Source("ok", "x"), new Template.Source("bad", "{{ if }}")),
                    Map.of(),
                    MissingKey.DEFAULT))
        .hasMessage("template: bad:1: missing value for if");
  }

  @Test
  void execute_errorInOtherSource_namesItsParseNameAndTemplate() throws Exception {
    Template t =
        Template.parseAll(
            List.of(
                new Template.Source("main", "{{ template \"d\" 1 }}"),
                new Template.Source("defs", "\n{{ define \"d\" }} {{ .x }}{{ end }}")),
            Map.of(),
            MissingKey.DEFAULT);
    assertThatThrownBy(() -> t.execute(null))
        .hasMessage(
            "template: defs:2:20: executing \"d\" at <.x>: can't evaluate field x in type int");
  }
}
