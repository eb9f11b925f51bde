package io.argus.tsdb.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class GoTextTest {
  @Test
  void duration_matchesGoDurationString() {
    assertThat(GoText.duration(136_001)).isEqualTo("2m16.001s");
    assertThat(GoText.duration(7_200_000)).isEqualTo("2h0m0s");
    assertThat(GoText.duration(7_199_999)).isEqualTo("1h59m59.999s");
    assertThat(GoText.duration(1_500)).isEqualTo("1.5s");
    assertThat(GoText.duration(250)).isEqualTo("250ms");
    assertThat(GoText.duration(0)).isEqualTo("0s");
    assertThat(GoText.duration(-61_000)).isEqualTo("-1m1s");
    assertThat(GoText.duration(90_000_000)).isEqualTo("25h0m0s");
  }

  @Test
  void base2Bytes_matchesUnitsBase2BytesString() {
    assertThat(GoText.base2Bytes(1033)).isEqualTo("1KiB9B");
    assertThat(GoText.base2Bytes(1024)).isEqualTo("1KiB");
    assertThat(GoText.base2Bytes(0)).isEqualTo("0B");
    assertThat(GoText.base2Bytes(3L * 1024 * 1024 + 5)).isEqualTo("3MiB5B");
    assertThat(GoText.base2Bytes(1L << 30)).isEqualTo("1GiB");
  }

  @Test
  void utcTime_truncatesToSecondsLikeGoTimeString() {
    assertThat(GoText.utcTime(1_700_000_136_001L)).isEqualTo("2023-11-14 22:15:36 +0000 UTC");
    assertThat(GoText.utcTime(0)).isEqualTo("1970-01-01 00:00:00 +0000 UTC");
  }

  @Test
  void textTable_padsAllButLastCellToWidestPlusTwoAndAtLeast13() {
    StringWriter text = new StringWriter();
    new TextTable()
        .row("A", "BB", "C")
        .row("A_MUCH_LONGER_CELL", "x", "last")
        .printTo(new PrintWriter(text));
    assertThat(text.toString())
        .isEqualTo(
            "A                   BB           C\n" + "A_MUCH_LONGER_CELL  x            last\n");
  }
}
