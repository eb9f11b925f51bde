package io.argus.model.textparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoFloatParserTest {
  private static double parse(String s) throws GoFloatParser.InvalidFloat {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return GoFloatParser.parse(b, 0, b.length);
  }

  @Provide
  Arbitrary<String> decimals() {
    return Combinators.combine(
            Arbitraries.of("", "-", "+"),
            Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(22),
            Arbitraries.strings().numeric().ofMaxLength(22),
            Arbitraries.integers().between(-340, 330))
        .as((sign, intPart, frac, exp) -> sign + intPart + "." + frac + "e" + exp);
  }

  @Property(tries = 2000)
  void parse_agreesWithJavaForDecimals(@ForAll("decimals") String s) throws Exception {
    double want = Double.parseDouble(s);
    if (Double.isInfinite(want)) {
      assertThatThrownBy(() -> parse(s)).hasMessageContaining("value out of range");
    } else {
      assertThat(Double.doubleToRawLongBits(parse(s))).isEqualTo(Double.doubleToRawLongBits(want));
    }
  }

  @Property(tries = 1000)
  void parse_roundTripsJavaFormattedDoubles(@ForAll double d) throws Exception {
    if (Double.isFinite(d)) {
      assertThat(parse(Double.toString(d))).isEqualTo(d);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Inf",
        "+inf",
        "-INF",
        "Infinity",
        "-infinity",
        "NaN",
        "nan",
        "1",
        ".5",
        "5.",
        "1E+2"
      })
  void parse_acceptsGoSpellings(String s) throws Exception {
    double v = parse(s);
    assertThat(Double.isNaN(v) || v != 0).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "+", "-", ".", "e5", "1e", "1e+", "+nan", "1.0d", "1f", "0x10", "1_0", "infinit",
        "1..2", " 1"
      })
  void parse_rejectsOtherSpellings(String s) {
    assertThatThrownBy(() -> parse(s))
        .isInstanceOf(GoFloatParser.InvalidFloat.class)
        .hasMessageContaining("invalid syntax");
  }
}
