package io.argus.model.textparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MalformedInputTest {

  private static void drain(TextParser p) {
    while (p.next() != Entry.EOF) {
      // consume
    }
  }

  private static String unescape(String s) {
    return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\xff", "\u00ff");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "'a 1\\n{b=\"c\"} 1'            | 2 | '\"INVALID\" is not a valid start token'",
        "'1abc 1'                        | 1 | '\"INVALID\" is not a valid start token'",
        "'foo{a=1} 1'                    | 1 | 'expected label value, got \"INVALID\"'",
        "'foo{a\"b\"} 1'                 | 1 | 'expected equal, got \"INVALID\"'",
        "'foo{1=\"b\"} 1'                | 1 | 'expected label name, got \"INVALID\"'",
        "'foo{a=\"b\" c=\"d\"} 1'        | 1 | 'expected comma, got \"INVALID\"'",
        "'foo{a=\"b'                     | 1 | 'expected label value, got \"INVALID\"'",
        "'foo'                           | 1 | 'expected value after metric, got \"EOF\"'",
        "'foo\\n'                        | 1 | 'expected value after metric, got \"LINEBREAK\"'",
        "'foo abc'                       | 1 | 'strconv.ParseFloat: parsing \"abc\": invalid syntax"
            + " while parsing: \"foo abc\"'",
        "'foo 1_000'                     | 1 | 'strconv.ParseFloat: parsing \"1_000\": invalid"
            + " syntax'",
        "'foo 0x1p3'                     | 1 | 'strconv.ParseFloat: parsing \"0x1p3\": invalid"
            + " syntax'",
        "'foo 1e400'                     | 1 | 'strconv.ParseFloat: parsing \"1e400\": value out of"
            + " range'",
        "'foo 1 2 3'                     | 1 | 'expected next entry after timestamp, got"
            + " \"INVALID\"'",
        "'foo 1 1.5'                     | 1 | 'expected timestamp or new record, got \"INVALID\"'",
        "'foo 1 99999999999999999999'    | 1 | 'strconv.ParseInt: parsing \"99999999999999999999\":"
            + " value out of range'",
        "'# TYPE foo bar'                | 1 | 'invalid metric type \"bar\"'",
        "'# TYPE foo gaugehistogram'     | 1 | 'invalid metric type \"gaugehistogram\"'",
        "'# HELP 1x y'                   | 1 | 'expected metric name after HELP, got \"INVALID\"'",
        "'foo{a=\"\\xff\"} 1'            | 1 | 'invalid UTF-8 label value'",
        "'foo{a=\"x\\\\xff\"} 1'         | 1 | 'invalid UTF-8 label value'",
        "'foo{a=\"b\"} 1\\nfoo{a=\"\\xff\\xff\"} 1' | 2 | 'invalid UTF-8 label value'",
      })
  void textFormat_malformedRejected(String input, int line, String message) {
    byte[] b = unescape(input).getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> drain(new PromTextParser(b)))
        .isInstanceOfSatisfying(
            ParseException.class,
            e -> {
              assertThat(e.reason()).contains(message);
              assertThat(e.lineNumber()).isEqualTo(line);
              assertThat(e.getMessage()).endsWith("(line " + line + ")");
            });
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "'a 1\\n'                          | 2 | 'data does not end with # EOF'",
        "'a 1'                             | 1 | 'data does not end with # EOF'",
        "''                                | 1 | 'data does not end with # EOF'",
        "'# EOF\\na 1\\n'                  | 2 | 'unexpected data after # EOF'",
        "'# EOF\\n\\n'                     | 2 | 'unexpected data after # EOF'",
        "'a 1\\n\\n# EOF'                  | 2 | '\"INVALID\" is not a valid start token'",
        "' a 1\\n# EOF'                    | 1 | '\"INVALID\" is not a valid start token'",
        "'# random comment\\n# EOF'        | 1 | '\"INVALID\" is not a valid start token'",
        "'a  1\\n# EOF'                    | 1 | 'expected value after metric, got \"WHITESPACE\"'",
        "'a{b = \"c\"} 1\\n# EOF'          | 1 | 'expected equal, got \"WHITESPACE\"'",
        "'a{b=\"c\\nd\"} 1\\n# EOF'        | 1 | 'expected label value, got \"INVALID\"'",
        "'a 1 NaN\\n# EOF'                 | 1 | 'invalid timestamp NaN'",
        "'a 1 -Inf\\n# EOF'                | 1 | 'invalid timestamp -Inf'",
        "'a 1 1 1\\n"
            + "# EOF'                 | 1 | 'expected next entry after timestamp, got"
            + " \"WHITESPACE\"'",
        "'a 1 # {b=\"c\"}\\n"
            + "# EOF'         | 1 | 'expected value after exemplar labels, got \"LINEBREAK\"'",
        "'a 1 # {b=\"c\"} 1 Inf\\n# EOF'   | 1 | 'invalid exemplar timestamp +Inf'",
        "'a 1 # {b=\"c\"} x\\n"
            + "# EOF'       | 1 | 'strconv.ParseFloat: parsing \"x\": invalid syntax'",
        "'a{b=\"c\"c=\"d\"} 1\\n# EOF'     | 1 | 'expected comma or brace close, got \"INVALID\"'",
        "'# TYPE a untyped\\n# EOF'        | 1 | 'invalid metric type \"untyped\"'",
        "'# HELP a\\n# EOF'                | 1 | 'expected text in HELP'",
        "'# TYPE a counter'                | 1 | 'expected text in TYPE'",
        "'# UNIT a_seconds bytes\\n"
            + "# EOF'  | 1 | 'unit \"bytes\" not a suffix of metric \"a_seconds\"'",
        "'# UNIT seconds seconds\\n"
            + "# EOF'  | 1 | 'unit \"seconds\" not a suffix of metric \"seconds\"'",
        "'a 1\\nb 2\\nc\\n# EOF'           | 3 | 'expected value after metric, got \"LINEBREAK\"'",
      })
  void openMetrics_malformedRejected(String input, int line, String message) {
    byte[] b = unescape(input).getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> drain(new OpenMetricsParser(b)))
        .isInstanceOfSatisfying(
            ParseException.class,
            e -> {
              assertThat(e.reason()).contains(message);
              assertThat(e.lineNumber()).isEqualTo(line);
            });
  }

  private static final String VALID_OM =
      "# TYPE foo histogram\n# HELP foo help \\\"x\\\"\n# UNIT foo_seconds seconds\n"
          + "foo_bucket{le=\"1\",a=\"b\\\\c\"} 1 1.5 # {t=\"x\"} 2 3\nfoo_sum 2\n# EOF\n";

  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> alphabet =
        Arbitraries.strings()
            .withChars("# {}=\",\n\\abe_:0123456789.+-EOFHELPTYPEUNITInfNa\t")
            .ofMaxLength(120)
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> mutated =
        Arbitraries.longs()
            .map(
                seed -> {
                  Random r = new Random(seed);
                  byte[] b = VALID_OM.getBytes(StandardCharsets.UTF_8);
                  int n = 1 + r.nextInt(4);
                  for (int i = 0; i < n; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                  }
                  return b;
                });
    return Arbitraries.oneOf(random, alphabet, mutated);
  }

  @Property(tries = 1500)
  void fuzz_onlyParseExceptionAndAlwaysTerminates(@ForAll("payloads") byte[] input) {
    for (boolean openMetrics : new boolean[] {true, false}) {
      TextParser p = openMetrics ? new OpenMetricsParser(input) : new PromTextParser(input);
      int calls = 0;
      try {
        while (p.next() != Entry.EOF) {
          calls++;
          assertThat(calls).as("entries never outnumber bytes").isLessThanOrEqualTo(input.length);
          p.labels(new io.argus.model.labels.LabelsBuilder());
          p.exemplarLabels(new io.argus.model.labels.LabelsBuilder());
          p.help();
        }
      } catch (ParseException e) {
        assertThat(e.lineNumber()).isPositive();
      }
    }
  }

  @Property(tries = 200)
  void validOpenMetrics_parsesCleanly(@ForAll("payloads") byte[] ignored) {
    assertThat(Samples.all(new OpenMetricsParser(VALID_OM.getBytes(StandardCharsets.UTF_8))))
        .hasSize(2);
  }
}
