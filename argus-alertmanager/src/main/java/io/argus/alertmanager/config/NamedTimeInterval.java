package io.argus.alertmanager.config;

import io.argus.alertmanager.timeinterval.TimeInterval;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** A {@code time_intervals} (or deprecated {@code mute_time_intervals}) entry. */
public record NamedTimeInterval(String name, List<TimeInterval> timeIntervals) {
  /** Whether any of the intervals contains {@code instant} (seen in {@code zone} by default). */
  public boolean contains(Instant instant, ZoneId zone) {
    return timeIntervals.stream().anyMatch(t -> t.contains(instant, zone));
  }
}
