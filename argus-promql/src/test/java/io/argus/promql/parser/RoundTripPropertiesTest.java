package io.argus.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RoundTripPropertiesTest {
  private static final List<String> FRAGMENTS =
      List.of("sum", "by", "(", ")", "{", "}", "[", "]", ":", ",", "=", "=~", "!=", "!~", "\"",
          "'", "`", "offset", "@", "start()", "bool", "on", "group_left", "fill(", "5m", "1.5",
          "0x", "e", "-", "+", "*", "/", "^", "#", "\n", " ", "\\", "anchored", "step()", "rate",
          "foo", "é", "\u0000", "inf", "_", ".", "<", ">/", "==");

  @Provide
  Arbitrary<String> queries() {
    return Arbitraries.randomValue(r -> new QueryGenerator(r).vector(4));
  }

  @Provide
  Arbitrary<String> mutatedQueries() {
    return Arbitraries.randomValue(
        r -> {
          StringBuilder sb = new StringBuilder(new QueryGenerator(r).vector(3));
          int mutations = 1 + r.nextInt(3);
          for (int i = 0; i < mutations && !sb.isEmpty(); i++) {
            mutate(r, sb);
          }
          return sb.toString();
        });
  }

  @Provide
  Arbitrary<String> randomTexts() {
    return Arbitraries.randomValue(
        r -> {
          StringBuilder sb = new StringBuilder();
          int n = r.nextInt(12);
          for (int i = 0; i < n; i++) {
            sb.append(FRAGMENTS.get(r.nextInt(FRAGMENTS.size())));
          }
          return sb.toString();
        });
  }

  private static void mutate(Random r, StringBuilder sb) {
    int at = r.nextInt(sb.length());
    switch (r.nextInt(4)) {
      case 0 -> sb.deleteCharAt(at);
      case 1 -> sb.insert(at, FRAGMENTS.get(r.nextInt(FRAGMENTS.size())));
      case 2 -> sb.setCharAt(at, (char) (32 + r.nextInt(95)));
      default -> {
        int end = Math.min(sb.length(), at + 1 + r.nextInt(8));
        sb.insert(at, sb.substring(at, end));
      }
    }
  }

  @Property(tries = 400)
  void printThenParse_givesEqualAst(@ForAll("queries") String query) {
    Expr parsed = PromqlParser.parseExpr(query, ParserOptions.ALL);
    String printed = parsed.toString();
    Expr reparsed = PromqlParser.parseExpr(printed, ParserOptions.ALL);

    assertThat(Asts.withoutPositions(reparsed)).isEqualTo(Asts.withoutPositions(parsed));
    assertThat(reparsed.toString()).isEqualTo(printed);
  }

  @Property(tries = 600)
  void mutatedQueries_onlyEverThrowParseException(@ForAll("mutatedQueries") String query) {
    assertParsesOrFailsCleanly(query);
  }

  @Property(tries = 1000)
  void randomTexts_onlyEverThrowParseException(@ForAll("randomTexts") String query) {
    assertParsesOrFailsCleanly(query);
  }

  /** Any outcome but a ParseException fails; a successful parse must round-trip. */
  private static void assertParsesOrFailsCleanly(String query) {
    for (ParserOptions options : List.of(ParserOptions.ALL, ParserOptions.DEFAULT)) {
      Expr parsed;
      try {
        parsed = PromqlParser.parseExpr(query, options);
      } catch (ParseException e) {
        assertThat(e.getMessage()).contains("parse error: ");
        continue;
      }
      Expr reparsed = PromqlParser.parseExpr(parsed.toString(), options);
      assertThat(Asts.withoutPositions(reparsed)).isEqualTo(Asts.withoutPositions(parsed));
    }
    try {
      PromqlParser.parseMetricSelector(query);
    } catch (ParseException e) {
      assertThat(e.getMessage()).contains("parse error: ");
    }
  }
}
