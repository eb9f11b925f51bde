package io.argus.util;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Compares {@link GoFloat} with the former BigDecimal-based {@link GoFloatReference}. */
class GoFloatPropertyTest {
  private static void assertSameAsReference(double v) {
    assertThat(GoFloat.format(v)).as("format %s", v).isEqualTo(GoFloatReference.format(v));
    String json = GoFloatReference.formatJson(v);
    assertThat(GoFloat.formatJson(v)).as("formatJson %s", v).isEqualTo(json);
    assertThat(GoFloat.formatPlain(v))
        .as("formatPlain %s", v)
        .isEqualTo(GoFloatReference.formatPlain(v));
    assertThat(GoFloat.formatUpperExponent(v))
        .as("formatUpperExponent %s", v)
        .isEqualTo(GoFloatReference.formatUpperExponent(v));
    char[] buf = new char[3 + GoFloat.MAX_JSON_CHARS];
    int end = GoFloat.writeJson(v, buf, 3);
    assertThat(new String(buf, 3, end - 3)).as("writeJson %s", v).isEqualTo(json);
  }

  @Property(tries = 5000)
  void allBitPatterns_matchReference(@ForAll long bits) {
    assertSameAsReference(Double.longBitsToDouble(bits));
  }

  @Property(tries = 2000)
  void subnormals_matchReference(@ForAll("subnormalBits") long bits) {
    assertSameAsReference(Double.longBitsToDouble(bits));
  }

  @Property(tries = 2000)
  void integers_matchReference(@ForAll("integers") long v) {
    assertSameAsReference(v);
    assertSameAsReference(-v);
  }

  @Property(tries = 2000)
  void nearPowersOfTen_matchReference(
      @ForAll("decimalExponents") int exponent, @ForAll("ulpSteps") int steps) {
    double v = Double.parseDouble("1e" + exponent);
    for (int i = 0; i < Math.abs(steps); i++) {
      v = steps < 0 ? Math.nextDown(v) : Math.nextUp(v);
    }
    assertSameAsReference(v);
  }

  @Property(tries = 3000)
  void shortDecimals_matchReference(
      @ForAll("shortMantissas") long mantissa, @ForAll("decimalExponents") int exponent) {
    assertSameAsReference(Double.parseDouble(mantissa + "e" + exponent));
  }

  @Property(tries = 2000)
  void everyday_matchReference(@ForAll("everyday") double v) {
    assertSameAsReference(v);
  }

  @Test
  void edgeValues_matchReference() {
    double[] values = {
      0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
      Double.MAX_VALUE, -Double.MAX_VALUE, 0x1p53, Math.nextDown(0x1p53), Math.nextUp(0x1p53),
      0x1p63, 0x1p64, 1e21, Math.nextDown(1e21), 1e-6, Math.nextDown(1e-6), 1e6, 1e-4, 1e-5,
      9.5, 0.95, 2.5e-323, 1e22, 1e23, 5e-324, 1.5, 0.25, 100, 1e15, 1e16, 1e17,
      123456789012345678.0
    };
    for (double v : values) {
      assertSameAsReference(v);
    }
    for (long bits = 1; bits < 2000; bits++) {
      assertSameAsReference(Double.longBitsToDouble(bits));
    }
  }

  @Provide
  Arbitrary<Long> subnormalBits() {
    return Arbitraries.longs().between(1, (1L << 52) - 1);
  }

  @Provide
  Arbitrary<Long> integers() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 1_000_000),
        Arbitraries.longs().between(0, 1L << 53),
        Arbitraries.longs().between(0, Long.MAX_VALUE),
        Arbitraries.longs().between(1, 99).map(m -> m * (long) Math.pow(10, m % 17)));
  }

  @Provide
  Arbitrary<Integer> decimalExponents() {
    return Arbitraries.integers().between(-323, 308);
  }

  @Provide
  Arbitrary<Integer> ulpSteps() {
    return Arbitraries.integers().between(-3, 3);
  }

  @Provide
  Arbitrary<Long> shortMantissas() {
    return Arbitraries.longs().between(1, 99_999);
  }

  @Provide
  Arbitrary<Double> everyday() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e6, 1e6).ofScale(3),
        Arbitraries.doubles().between(0, 1).ofScale(9),
        Arbitraries.doubles());
  }
}
