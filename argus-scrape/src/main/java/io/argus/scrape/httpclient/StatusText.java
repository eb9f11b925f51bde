package io.argus.scrape.httpclient;

/** Go's HTTP status strings, like {@code "404 Not Found"}. Stateless. */
public final class StatusText {
  private StatusText() {}

  /** Returns the code followed by its reason phrase, or the bare code for unusual ones. */
  public static String of(int code) {
    String reason =
        switch (code) {
          case 301 -> "Moved Permanently";
          case 302 -> "Found";
          case 303 -> "See Other";
          case 307 -> "Temporary Redirect";
          case 308 -> "Permanent Redirect";
          case 400 -> "Bad Request";
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          case 407 -> "Proxy Authentication Required";
          case 429 -> "Too Many Requests";
          case 500 -> "Internal Server Error";
          case 502 -> "Bad Gateway";
          case 503 -> "Service Unavailable";
          case 504 -> "Gateway Timeout";
          default -> "";
        };
    return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
  }
}
