package io.argus.app.demo;

import java.util.Locale;

/** The exposition formats the demo serves, and the choice between them by {@code Accept}. */
public enum ExpositionFormat {
  /** The Prometheus text format 0.0.4. */
  TEXT("text/plain; version=0.0.4; charset=utf-8"),
  /** OpenMetrics 1.0.0 text. */
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

  private final String contentType;

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The {@code Content-Type} of a response in this format. */
  public String contentType() {
    return contentType;
  }

  /**
   * The format for a request's {@code Accept} header: OpenMetrics when the header names {@code
   * application/openmetrics-text} with a higher quality than any range that covers {@code
   * text/plain}, else the text format (also for a missing or unparsable header).
   */
  public static ExpositionFormat negotiate(String accept) {
    double openMetrics = 0;
    double text = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double quality = 1;
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].trim();
        boolean isQuality =
            parameter.length() > 2
                && (parameter.charAt(0) | 0x20) == 'q'
                && parameter.charAt(1) == '=';
        if (isQuality) {
          try {
            quality = Double.parseDouble(parameter.substring(2).trim());
          } catch (NumberFormatException e) {
            quality = 0;
          }
        }
      }
      switch (type) {
        case "application/openmetrics-text" -> openMetrics = Math.max(openMetrics, quality);
        case "text/plain", "text/*", "*/*" -> text = Math.max(text, quality);
        default -> {}
      }
    }
    return openMetrics > 0 && openMetrics > text ? OPENMETRICS : TEXT;
  }
}
