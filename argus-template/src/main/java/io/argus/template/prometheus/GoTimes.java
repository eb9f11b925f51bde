package io.argus.template.prometheus;

import io.argus.template.GoMethods;
import java.time.Instant;

/** Go {@code time.Time} values for template data built outside this package. */
public final class GoTimes {
  private GoTimes() {}

  /**
   * Returns {@code t} as templates see a Go time in UTC: it prints like Go's {@code Time.String}
   * and has {@code Unix}, {@code UnixMilli}, {@code UnixNano}, {@code UTC}, {@code String} and
   * {@code Format}.
   */
  public static GoMethods of(Instant t) {
    return new GoTime(t.getEpochSecond(), t.getNano());
  }
}
