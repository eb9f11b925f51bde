package io.argus.model.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Re2;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class Re2CompileTest {
  @Test
  void compile_givesRe2Semantics() {
    Pattern p = Re2.compile("(?P<host>[[:alpha:]]+):(\\d+)");
    assertThat(p.matcher("node:9100").matches()).isTrue();
    assertThat(Re2.compile("a.b").matcher("a\nb").matches()).isTrue();
  }

  @Test
  void compile_rejectsJavaOnlySyntaxWithGoMessage() {
    assertThatThrownBy(() -> Re2.compile("(?=x)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("error parsing regexp: ");
  }
}
