package io.argus.template.prometheus;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Go's reference-time layouts ({@code 2006-01-02T15:04:05Z07:00}) for UTC times: the common
 * elements of Go's {@code time.Format}. Thread-safe.
 */
final class GoTimeFormat {
  private GoTimeFormat() {}

  static String format(ZonedDateTime t, String layout) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < layout.length()) {
      String rest = layout.substring(i);
      if (rest.startsWith("2006")) {
        sb.append(String.format("%04d", t.getYear()));
        i += 4;
      } else if (rest.startsWith("January")) {
        sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        i += 7;
      } else if (rest.startsWith("Jan")) {
        sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        i += 3;
      } else if (rest.startsWith("Monday")) {
        sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        i += 6;
      } else if (rest.startsWith("Mon")) {
        sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        i += 3;
      } else if (rest.startsWith("MST")) {
        sb.append("UTC");
        i += 3;
      } else if (rest.startsWith("01")) {
        sb.append(String.format("%02d", t.getMonthValue()));
        i += 2;
      } else if (rest.startsWith("02")) {
        sb.append(String.format("%02d", t.getDayOfMonth()));
        i += 2;
      } else if (rest.startsWith("06")) {
        sb.append(String.format("%02d", t.getYear() % 100));
        i += 2;
      } else if (rest.startsWith("15")) {
        sb.append(String.format("%02d", t.getHour()));
        i += 2;
      } else if (rest.startsWith("03")) {
        int h = t.getHour() % 12;
        sb.append(String.format("%02d", h == 0 ? 12 : h));
        i += 2;
      } else if (rest.startsWith("04")) {
        sb.append(String.format("%02d", t.getMinute()));
        i += 2;
      } else if (rest.startsWith("05")) {
        sb.append(String.format("%02d", t.getSecond()));
        i += 2;
      } else if (rest.startsWith("PM")) {
        sb.append(t.getHour() >= 12 ? "PM" : "AM");
        i += 2;
      } else if (rest.startsWith("-07:00") || rest.startsWith("Z07:00")) {
        sb.append(rest.charAt(0) == 'Z' ? "Z" : "+00:00");
        i += 6;
      } else if (rest.startsWith("-0700") || rest.startsWith("Z0700")) {
        sb.append(rest.charAt(0) == 'Z' ? "Z" : "+0000");
        i += 5;
      } else if ((rest.startsWith(".0")
              || rest.startsWith(".9")
              || rest.startsWith(",0")
              || rest.startsWith(",9"))
          && fractionLength(rest) > 0) {
        int n = fractionLength(rest);
        String digits = String.format("%09d", t.getNano()).substring(0, Math.min(n, 9));
        if (rest.charAt(1) == '9') {
          digits = digits.replaceAll("0+$", "");
          if (!digits.isEmpty()) {
            sb.append(rest.charAt(0)).append(digits);
          }
        } else {
          sb.append(rest.charAt(0)).append(digits);
        }
        i += 1 + n;
      } else if (rest.startsWith("1")) {
        sb.append(t.getMonthValue());
        i += 1;
      } else if (rest.startsWith("2")) {
        sb.append(t.getDayOfMonth());
        i += 1;
      } else if (rest.startsWith("3")) {
        int h = t.getHour() % 12;
        sb.append(h == 0 ? 12 : h);
        i += 1;
      } else if (rest.startsWith("4")) {
        sb.append(t.getMinute());
        i += 1;
      } else if (rest.startsWith("5")) {
        sb.append(t.getSecond());
        i += 1;
      } else {
        sb.append(rest.charAt(0));
        i += 1;
      }
    }
    return sb.toString();
  }

  /** Length of a run of identical fraction digits after a separator, if not followed by a digit. */
  private static int fractionLength(String rest) {
    char d = rest.charAt(1);
    int n = 1;
    while (n + 1 < rest.length() && rest.charAt(n + 1) == d) {
      n++;
    }
    if (n + 1 < rest.length() && Character.isDigit(rest.charAt(n + 1))) {
      return 0;
    }
    return n;
  }
}
