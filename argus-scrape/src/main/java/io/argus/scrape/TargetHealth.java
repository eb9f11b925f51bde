package io.argus.scrape;

/** A target's scrape health as Prometheus' targets API names it. */
public enum TargetHealth {
  /** Not scraped yet. */
  UNKNOWN("unknown"),
  /** The last scrape succeeded ({@code up == 1}). */
  UP("up"),
  /** The last scrape failed ({@code up == 0}). */
  DOWN("down");

  private final String text;

  TargetHealth(String text) {
    this.text = text;
  }

  /** Returns the name the HTTP API uses: {@code unknown}, {@code up} or {@code down}. */
  public String text() {
    return text;
  }
}
