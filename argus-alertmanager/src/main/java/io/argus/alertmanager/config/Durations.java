package io.argus.alertmanager.config;

import io.argus.util.PrometheusDurations;

/** Duration parsing with the messages of the prometheus/common version Alertmanager 0.25 uses. */
final class Durations {
  private Durations() {}

  /** {@code model.ParseDuration}: milliseconds, or upstream's error. */
  static long parseModel(String s) throws ConfigException {
    try {
      return PrometheusDurations.parse(s);
    } catch (IllegalArgumentException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.equals("empty duration string") || msg.equals("duration out of range")) {
        throw new ConfigException(msg);
      }
      throw new ConfigException("not a valid duration string: " + GoStrings.quote(s));
    }
  }
}
