package io.argus.alertmanager.notify.email;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.config.NotifierConfig;
import io.argus.alertmanager.notify.NotificationContext;
import io.argus.alertmanager.notify.NotificationData;
import io.argus.alertmanager.notify.NotificationTemplates;
import io.argus.alertmanager.notify.Notifier;
import io.argus.alertmanager.notify.NotifyException;
import io.argus.alertmanager.notify.TemplateExpander;
import io.argus.util.Clock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Sends a mail per notification over SMTP, as upstream's email notifier: port 465 means implicit
 * TLS; otherwise STARTTLS is used when {@code require_tls} (default true) and refused servers are
 * an error; authentication picks the first server mechanism the credentials allow (CRAM-MD5 with
 * {@code auth_secret}, PLAIN or LOGIN with a password; PLAIN only over TLS or to localhost). The
 * mail is multipart/alternative with the expanded {@code text} and {@code html} bodies
 * (quoted-printable); headers {@code To}, {@code From} and {@code Subject} default to the config's
 * addresses and the {@code email.default.subject} template. From {@code tls_config} only {@code
 * insecure_skip_verify} and {@code server_name} apply. Thread-safe.
 */
public final class EmailNotifier implements Notifier {
  private static final int TIMEOUT_MILLIS = 30_000;
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final NotifierConfig.Email config;
  private final NotificationTemplates templates;
  private final String externalUrl;
  private final Clock clock;

  public EmailNotifier(
      NotifierConfig.Email config, NotificationTemplates templates, String externalUrl, Clock c) {
    this.config = config;
    this.templates = templates;
    this.externalUrl = externalUrl;
    this.clock = c;
  }

  @Override
  public void send(NotificationContext ctx, List<Alert> alerts)
      throws NotifyException, InterruptedException {
    NotificationData data =
        NotificationData.of(ctx.receiver(), ctx.groupLabels(), alerts, ctx.now(), externalUrl);
    TemplateExpander t = new TemplateExpander(templates, data);
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : config.headers().entrySet()) {
      headers.put(canonical(e.getKey()), t.expand(e.getValue()));
    }
    headers.putIfAbsent("To", t.expand(config.to()));
    headers.putIfAbsent("From", t.expand(config.from()));
    headers.putIfAbsent("Subject", t.expand("{{ template \"email.default.subject\" . }}"));
    String text = t.expand(config.text());
    String html = t.expand(config.html());
    t.check();
    String from = address(headers.get("From"));
    List<String> to = new ArrayList<>();
    for (String part : headers.get("To").split(",")) {
      if (!part.isBlank()) {
        to.add(address(part));
      }
    }
    if (to.isEmpty()) {
      throw new NotifyException("no recipients", false, NotifyException.Reason.OTHER);
    }
    byte[] message = mime(headers, text, html);
    deliver(from, to, message);
  }

  private void deliver(String from, List<String> to, byte[] message) throws NotifyException {
    String host = config.smarthost().host();
    int port;
    try {
      port = Integer.parseInt(config.smarthost().port());
    } catch (NumberFormatException e) {
      throw new NotifyException(
          "invalid smarthost port " + config.smarthost().port(),
          false,
          NotifyException.Reason.OTHER);
    }
    SSLSocketFactory tls = tlsFactory();
    try (SmtpClient c = new SmtpClient(host, port, port == 465, tls, TIMEOUT_MILLIS)) {
      c.hello(config.hello());
      if (!c.isTls() && config.requireTls()) {
        if (!c.hasExtension("STARTTLS")) {
          throw new NotifyException(
              "'require_tls' is true (default) but \""
                  + host
                  + ":"
                  + port
                  + "\" does not advertise the STARTTLS extension",
              true,
              NotifyException.Reason.OTHER);
        }
        c.startTls(tls, port);
        c.hello(config.hello());
      }
      if (!config.authUsername().isEmpty() && c.hasExtension("AUTH")) {
        authenticate(c, host);
      }
      c.mail(from, to, message);
      c.quit();
    } catch (SmtpClient.SmtpException e) {
      // 5xx replies are permanent; 4xx may pass on a later attempt.
      throw new NotifyException(
          "smtp: " + e.getMessage(), e.code < 500, NotifyException.Reason.OTHER, e);
    } catch (IOException e) {
      throw new NotifyException(
          "establish connection to server: " + e, true, NotifyException.Reason.OTHER, e);
    }
  }

  private void authenticate(SmtpClient c, String host) throws IOException, NotifyException {
    String password = password();
    List<String> mechs = c.authMechanisms();
    for (String m : mechs) {
      switch (m) {
        case "CRAM-MD5" -> {
          if (!config.authSecret().isEmpty()) {
            c.authCramMd5(config.authUsername(), config.authSecret().value());
            return;
          }
        }
        case "PLAIN" -> {
          if (!password.isEmpty()) {
            if (!c.isTls() && !isLocalhost(host)) {
              throw new NotifyException(
                  "unencrypted connection", false, NotifyException.Reason.OTHER);
            }
            c.authPlain(config.authIdentity(), config.authUsername(), password);
            return;
          }
        }
        case "LOGIN" -> {
          if (!password.isEmpty()) {
            c.authLogin(config.authUsername(), password);
            return;
          }
        }
        default -> {}
      }
    }
    throw new NotifyException(
        "unknown auth mechanism: " + String.join(" ", mechs), false, NotifyException.Reason.OTHER);
  }

  private String password() throws NotifyException {
    if (!config.authPasswordFile().isEmpty()) {
      try {
        return Files.readString(Path.of(config.authPasswordFile()), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new NotifyException(
            "read auth_password_file: " + e.getMessage(), false, NotifyException.Reason.OTHER, e);
      }
    }
    return config.authPassword().value();
  }

  private static boolean isLocalhost(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
  }

  private SSLSocketFactory tlsFactory() throws NotifyException {
    if (!config.tlsConfig().insecureSkipVerify()) {
      return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      TrustManager trustAll =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return ctx.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new NotifyException("tls setup: " + e, false, NotifyException.Reason.OTHER, e);
    }
  }

  /** The address of {@code Name <a@b>} or {@code a@b}. */
  static String address(String s) throws NotifyException {
    String v = s.trim();
    int lt = v.lastIndexOf('<');
    int gt = v.lastIndexOf('>');
    if (lt >= 0 && gt > lt) {
      v = v.substring(lt + 1, gt).trim();
    }
    if (v.isEmpty() || v.indexOf('@') <= 0 || v.contains(" ")) {
      throw new NotifyException(
          "parse address " + s + ": mail: missing '@' or angle-addr",
          false,
          NotifyException.Reason.OTHER);
    }
    return v;
  }

  private static String canonical(String header) {
    StringBuilder sb = new StringBuilder(header.length());
    boolean upper = true;
    for (char c : header.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }

  private byte[] mime(Map<String, String> headers, String text, String html) {
    Instant now = Instant.ofEpochMilli(clock.millis());
    String boundary = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      sb.append(e.getKey()).append(": ").append(encodeHeader(e.getValue())).append("\r\n");
    }
    if (!headers.containsKey("Date")) {
      sb.append("Date: ").append(DATE.format(now)).append("\r\n");
    }
    if (!headers.containsKey("Message-Id")) {
      sb.append("Message-Id: <")
          .append(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
          .append('.')
          .append(now.toEpochMilli())
          .append('@')
          .append(hostname())
          .append(">\r\n");
    }
    sb.append("MIME-Version: 1.0\r\n");
    sb.append("Content-Type: multipart/alternative;  boundary=").append(boundary).append("\r\n");
    sb.append("\r\n");
    if (!text.isEmpty()) {
      part(sb, boundary, "text/plain", text);
    }
    if (!html.isEmpty()) {
      part(sb, boundary, "text/html", html);
    }
    sb.append("--").append(boundary).append("--\r\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static void part(StringBuilder sb, String boundary, String type, String body) {
    sb.append("--").append(boundary).append("\r\n");
    sb.append("Content-Transfer-Encoding: quoted-printable\r\n");
    sb.append("Content-Type: ").append(type).append("; charset=UTF-8\r\n\r\n");
    sb.append(quotedPrintable(body)).append("\r\n");
  }

  /** RFC 2047 Q-encodes a header value that is not plain ASCII. */
  static String encodeHeader(String v) {
    boolean ascii = v.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    if (ascii) {
      return v;
    }
    StringBuilder sb = new StringBuilder("=?UTF-8?q?");
    for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == ' ') {
        sb.append('_');
      } else if (c > 0x20 && c < 0x7f && c != '=' && c != '?' && c != '_') {
        sb.append((char) c);
      } else {
        sb.append('=').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return sb.append("?=").toString();
  }

  /** RFC 2045 quoted-printable with CRLF line breaks and soft breaks before 76 columns. */
  static String quotedPrintable(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    int col = 0;
    byte[] bytes = s.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      if (c == '\n') {
        out.append("\r\n");
        col = 0;
        continue;
      }
      boolean trailingSpace =
          (c == ' ' || c == '\t') && (i + 1 == bytes.length || bytes[i + 1] == '\n');
      String enc =
          (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !trailingSpace)
              ? String.valueOf((char) c)
              : "=" + String.format(Locale.ROOT, "%02X", c);
      if (col + enc.length() > 75) {
        out.append("=\r\n");
        col = 0;
      }
      out.append(enc);
      col += enc.length();
    }
    return out.toString();
  }
}
