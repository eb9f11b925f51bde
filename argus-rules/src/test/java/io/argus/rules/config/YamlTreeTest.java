package io.argus.rules.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.rules.config.YamlTree.YMap;
import io.argus.rules.config.YamlTree.YScalar;
import io.argus.rules.config.YamlTree.YSeq;
import org.junit.jupiter.api.Test;

class YamlTreeTest {
  @Test
  void resolvePlain_followsYamlV3() {
    assertThat(YamlTree.resolvePlain("")).isEqualTo("!!null");
    assertThat(YamlTree.resolvePlain("~")).isEqualTo("!!null");
    assertThat(YamlTree.resolvePlain("True")).isEqualTo("!!bool");
    assertThat(YamlTree.resolvePlain("yes")).isEqualTo("!!str");
    assertThat(YamlTree.resolvePlain("0x1F")).isEqualTo("!!int");
    assertThat(YamlTree.resolvePlain("-12_000")).isEqualTo("!!int");
    assertThat(YamlTree.resolvePlain("1.5e3")).isEqualTo("!!float");
    assertThat(YamlTree.resolvePlain(".inf")).isEqualTo("!!float");
    assertThat(YamlTree.resolvePlain("5m")).isEqualTo("!!str");
  }

  @Test
  void parse_positionsAreOneBased() throws Exception {
    YMap root = (YMap) YamlTree.parse("a:\n  - x: 'q'\n    y: 1\n");
    assertThat(root.line()).isEqualTo(1);
    YSeq seq = (YSeq) root.entries().get(0).value();
    YMap item = (YMap) seq.items().get(0);
    assertThat(item.line()).isEqualTo(2);
    assertThat(item.column()).isEqualTo(5);
    YScalar q = (YScalar) item.entries().get(0).value();
    assertThat(q.value()).isEqualTo("q");
    assertThat(q.tag()).isEqualTo("!!str");
    assertThat(q.column()).isEqualTo(8);
    YScalar one = (YScalar) item.entries().get(1).value();
    assertThat(one.tag()).isEqualTo("!!int");
  }

  @Test
  void parse_keepsDuplicateKeys() throws Exception {
    YMap root = (YMap) YamlTree.parse("a: 1\na: 2\n");
    assertThat(root.entries()).hasSize(2);
  }

  @Test
  void parse_mergeKey_inlinesTheAnchoredEntriesMarkedAsMerged() throws Exception {
    YMap root = (YMap) YamlTree.parse("a: &x {p: 1, q: 2}\nb:\n  <<: *x\n  q: 3\n");
    YMap b = (YMap) root.entries().get(1).value();
    assertThat(b.entries()).extracting(YamlTree.YEntry::keyText).containsExactly("p", "q", "q");
    assertThat(b.entries()).extracting(YamlTree.YEntry::merged).containsExactly(true, true, false);
  }

  @Test
  void parse_emptyDocument_isNull() throws Exception {
    assertThat(YamlTree.parse("")).isNull();
    assertThat(YamlTree.parse("# nothing\n")).isNull();
  }

  @Test
  void parse_syntaxErrors_readAsLibyaml() {
    assertThatThrownBy(() -> YamlTree.parse("a:\n  b: c: d\n"))
        .hasMessage("yaml: line 2: mapping values are not allowed in this context");
    assertThatThrownBy(() -> YamlTree.parse("a:\n  - b\n  c: d\n"))
        .hasMessage("yaml: line 1: did not find expected '-' indicator");
    assertThatThrownBy(() -> YamlTree.parse("a: b\n- c\n"))
        .hasMessage("yaml: line 1: did not find expected key");
    assertThatThrownBy(() -> YamlTree.parse("a: [b, c\n"))
        .hasMessage("yaml: line 1: did not find expected ',' or ']'");
  }
}
