package io.argus.model.relabel;

import static io.argus.model.relabel.RelabelAction.DROP;
import static io.argus.model.relabel.RelabelAction.DROPEQUAL;
import static io.argus.model.relabel.RelabelAction.HASHMOD;
import static io.argus.model.relabel.RelabelAction.KEEP;
import static io.argus.model.relabel.RelabelAction.KEEPEQUAL;
import static io.argus.model.relabel.RelabelAction.LABELDROP;
import static io.argus.model.relabel.RelabelAction.LABELKEEP;
import static io.argus.model.relabel.RelabelAction.LABELMAP;
import static io.argus.model.relabel.RelabelAction.LOWERCASE;
import static io.argus.model.relabel.RelabelAction.UPPERCASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelabelerTest {
  private static final Labels ABC = Labels.of("a", "foo", "b", "bar", "c", "baz");
  private static final RelabelConfig R = RelabelConfig.defaults();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "replace from one source",
            ABC,
            List.of(
                R.withSourceLabels("a")
                    .withRegex("f(.*)")
                    .withTargetLabel("d")
                    .withReplacement("ch${1}-ch${1}")),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo")),
        Arguments.of(
            "replace joins sources with the separator",
            ABC,
            List.of(
                R.withSourceLabels("a", "b")
                    .withRegex("f(.*);(.*)r")
                    .withTargetLabel("a")
                    .withReplacement("b${1}${2}m")),
            Labels.of("a", "boobam", "b", "bar", "c", "baz")),
        Arguments.of(
            "replace without match changes nothing",
            ABC,
            List.of(R.withSourceLabels("a").withRegex("x(.*)").withTargetLabel("d")),
            ABC),
        Arguments.of(
            "replace to empty deletes the target",
            ABC,
            List.of(
                R.withSourceLabels("a").withRegex("foo").withTargetLabel("b").withReplacement("")),
            Labels.of("a", "foo", "c", "baz")),
        Arguments.of(
            "fast path sets a constant from an absent source",
            ABC,
            List.of(R.withSourceLabels("missing").withTargetLabel("d").withReplacement("x")),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "x")),
        Arguments.of(
            "$1x is a named reference and expands to nothing",
            ABC,
            List.of(
                R.withSourceLabels("a")
                    .withRegex("(f)oo")
                    .withTargetLabel("d")
                    .withReplacement("$1x")),
            ABC),
        Arguments.of(
            "named groups and $$",
            ABC,
            List.of(
                R.withSourceLabels("a")
                    .withRegex("(?P<first>f)(o+)")
                    .withTargetLabel("d")
                    .withReplacement("${first}-$2-$$")),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "f-oo-$")),
        Arguments.of(
            "target label from a group",
            ABC,
            List.of(
                R.withSourceLabels("a")
                    .withRegex("(f)oo")
                    .withTargetLabel("x_${1}")
                    .withReplacement("v")),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "x_f", "v")),
        Arguments.of(
            "regex is anchored",
            ABC,
            List.of(R.withSourceLabels("a").withRegex("o+").withAction(DROP)),
            ABC),
        Arguments.of(
            "drop on match",
            ABC,
            List.of(R.withSourceLabels("a").withRegex("f.*").withAction(DROP)),
            null),
        Arguments.of(
            "keep without match drops",
            ABC,
            List.of(R.withSourceLabels("a").withRegex("bar").withAction(KEEP)),
            null),
        Arguments.of(
            "keep of an absent label matches the empty string",
            ABC,
            List.of(R.withSourceLabels("nope").withRegex("").withAction(KEEP)),
            ABC),
        Arguments.of(
            "keepequal keeps equal values",
            Labels.of("a", "x", "b", "x"),
            List.of(R.withSourceLabels("a").withTargetLabel("b").withAction(KEEPEQUAL)),
            Labels.of("a", "x", "b", "x")),
        Arguments.of(
            "keepequal drops different values",
            ABC,
            List.of(R.withSourceLabels("a").withTargetLabel("b").withAction(KEEPEQUAL)),
            null),
        Arguments.of(
            "dropequal drops equal values",
            Labels.of("a", "x", "b", "x"),
            List.of(R.withSourceLabels("a").withTargetLabel("b").withAction(DROPEQUAL)),
            null),
        Arguments.of(
            "hashmod of baz modulo 1000",
            ABC,
            List.of(
                R.withSourceLabels("c").withTargetLabel("d").withModulus(1000).withAction(HASHMOD)),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "976")),
        Arguments.of(
            "hashmod modulus is unsigned",
            ABC,
            List.of(
                R.withSourceLabels("c")
                    .withTargetLabel("d")
                    .withModulus(-9223372036854775803L)
                    .withAction(HASHMOD)),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "7227425850715500163")),
        Arguments.of(
            "labelmap copies matching names",
            Labels.of("__meta_x_one", "1", "__meta_x_two", "2", "other", "o"),
            List.of(R.withRegex("__meta_x_(.+)").withAction(LABELMAP)),
            Labels.of(
                "__meta_x_one", "1", "__meta_x_two", "2", "one", "1", "other", "o", "two", "2")),
        Arguments.of(
            "labeldrop",
            ABC,
            List.of(R.withRegex("[ab]").withAction(LABELDROP)),
            Labels.of("c", "baz")),
        Arguments.of(
            "labelkeep",
            ABC,
            List.of(R.withRegex("[ab]").withAction(LABELKEEP)),
            Labels.of("a", "foo", "b", "bar")),
        Arguments.of(
            "lowercase and uppercase",
            Labels.of("a", "MiXeD"),
            List.of(
                R.withSourceLabels("a").withTargetLabel("l").withAction(LOWERCASE),
                R.withSourceLabels("a").withTargetLabel("u").withAction(UPPERCASE)),
            Labels.of("a", "MiXeD", "l", "mixed", "u", "MIXED")),
        Arguments.of(
            "rules apply in order",
            ABC,
            List.of(
                R.withSourceLabels("a").withTargetLabel("z").withReplacement("new"),
                R.withSourceLabels("z").withRegex("new").withAction(DROP)),
            null),
        Arguments.of(
            "dot matches newline",
            Labels.of("a", "x\ny"),
            List.of(R.withSourceLabels("a").withRegex("x.y").withAction(DROP)),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void process_table(String name, Labels in, List<RelabelConfig> rules, Labels expected) {
    for (RelabelConfig r : rules) {
      r.validate(NameValidationScheme.LEGACY);
    }
    assertThat(Relabeler.process(in, rules)).isEqualTo(expected);
  }

  @Test
  void process_invalidExpandedTargetLeavesLabels() {
    RelabelConfig rule =
        R.withSourceLabels("a").withRegex("(.*)").withTargetLabel("${1}").withReplacement("v");
    Labels in = Labels.of("a", "1bad");
    assertThat(Relabeler.process(in, List.of(rule), NameValidationScheme.LEGACY)).isEqualTo(in);
    assertThat(Relabeler.process(in, List.of(rule), NameValidationScheme.UTF8))
        .isEqualTo(Labels.of("1bad", "v", "a", "1bad"));
  }

  @Test
  void hashMod_matchesMd5TailComputedIndependently() {
    // Values from python: int.from_bytes(md5(s).digest()[8:], 'big') % m
    assertThat(Relabeler.hashMod("foo", 1000)).isEqualTo(696);
    assertThat(Relabeler.hashMod("foo;bar", 100)).isEqualTo(50);
    assertThat(Relabeler.hashMod("", 10)).isEqualTo(8);
    assertThat(Relabeler.hashMod("127.0.0.1:9100", 4)).isEqualTo(2);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(R, "relabel configuration for replace action requires 'target_label' value"),
        Arguments.of(
            R.withAction(HASHMOD).withTargetLabel("x"),
            "relabel configuration for hashmod requires non-zero modulus"),
        Arguments.of(
            R.withAction(LOWERCASE),
            "relabel configuration for lowercase action requires 'target_label' value"),
        Arguments.of(
            R.withTargetLabel("1x"), "\"1x\" is invalid 'target_label' for replace action"),
        Arguments.of(
            R.withTargetLabel("${1}-x"), "\"${1}-x\" is invalid 'target_label' for replace action"),
        Arguments.of(
            R.withAction(UPPERCASE).withTargetLabel("a").withReplacement("x"),
            "'replacement' can not be set for uppercase action"),
        Arguments.of(
            R.withAction(LABELMAP).withReplacement("a-b"),
            "\"a-b\" is invalid 'replacement' for labelmap action"),
        Arguments.of(
            R.withAction(KEEPEQUAL).withTargetLabel("a").withRegex("x"),
            "keepequal action requires only 'source_labels' and `target_label`, and no other"
                + " fields"),
        Arguments.of(
            R.withAction(LABELDROP).withSourceLabels("a"),
            "labeldrop action requires only 'regex', and no other fields"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void validate_rejectsAsUpstream(RelabelConfig rule, String message) {
    assertThatThrownBy(() -> rule.validate(NameValidationScheme.LEGACY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void validate_utf8AllowsDottedTargets() {
    RelabelConfig rule = R.withTargetLabel("service.name");
    rule.validate(NameValidationScheme.UTF8);
    assertThatThrownBy(() -> rule.validate(NameValidationScheme.LEGACY))
        .hasMessage("\"service.name\" is invalid 'target_label' for replace action");
  }

  @Test
  void parse_actionIsCaseInsensitive() {
    assertThat(RelabelAction.parse("LabelMap")).isEqualTo(LABELMAP);
    assertThatThrownBy(() -> RelabelAction.parse("nope"))
        .hasMessage("unknown relabel action \"nope\"");
  }

  @Test
  void regex_rejectsWithGoMessage() {
    assertThatThrownBy(() -> RelabelRegex.of("(a"))
        .hasMessageStartingWith("error parsing regexp: missing closing )");
  }
}
