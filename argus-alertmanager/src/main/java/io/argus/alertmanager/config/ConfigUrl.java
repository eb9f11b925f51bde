package io.argus.alertmanager.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An absolute http or https URL from the configuration. A secret URL (Slack, Discord webhooks)
 * prints as {@code <secret>}.
 *
 * @param url the URL as written (with a trailing {@code /} added where upstream adds one)
 * @param secret whether {@link #toString()} hides it
 */
public record ConfigUrl(String url, boolean secret) {
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.\\-]*):(.*)$");
  static final String SECRET_TOKEN = "<secret>";

  /**
   * Parses a URL as upstream's {@code parseURL}: only http and https with a host.
   *
   * @throws ConfigException {@code unsupported scheme "ftp" for URL} or {@code missing host for
   *     URL}
   */
  static ConfigUrl parse(String s, boolean secret) throws ConfigException {
    if (secret && s.equals(SECRET_TOKEN)) {
      return new ConfigUrl("", true);
    }
    Matcher m = SCHEME.matcher(s);
    String scheme = "";
    String rest = s;
    if (m.matches()) {
      scheme = m.group(1).toLowerCase(Locale.ROOT);
      rest = m.group(2);
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException("unsupported scheme " + GoStrings.quote(scheme) + " for URL");
    }
    if (host(rest).isEmpty()) {
      throw new ConfigException("missing host for URL");
    }
    return new ConfigUrl(s, secret);
  }

  /** The host (with port) of the part after the scheme, "" when there is none. */
  private static String host(String rest) {
    if (!rest.startsWith("//")) {
      return "";
    }
    String authority = rest.substring(2);
    int end = authority.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = authority.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    authority = authority.substring(0, end);
    int at = authority.lastIndexOf('@');
    return at >= 0 ? authority.substring(at + 1) : authority;
  }

  /** The same URL with a trailing slash on its path, as upstream does for some API URLs. */
  ConfigUrl withTrailingSlashPath() {
    int q = url.length();
    for (char c : new char[] {'?', '#'}) {
      int i = url.indexOf(c);
      if (i >= 0 && i < q) {
        q = i;
      }
    }
    String base = url.substring(0, q);
    if (base.endsWith("/")) {
      return this;
    }
    return new ConfigUrl(base + "/" + url.substring(q), secret);
  }

  @Override
  public String toString() {
    return secret ? SECRET_TOKEN : url;
  }
}
