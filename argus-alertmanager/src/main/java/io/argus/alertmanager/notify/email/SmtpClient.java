package io.argus.alertmanager.notify.email;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal SMTP client session (RFC 5321) for one mail: greeting, EHLO, STARTTLS, AUTH, MAIL,
 * RCPT, DATA, QUIT. Not thread-safe; one per delivery.
 */
final class SmtpClient implements Closeable {
  /** A reply with a status the session did not expect. */
  static final class SmtpException extends IOException {
    final int code;

    SmtpException(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private Socket socket;
  private BufferedReader in;
  private OutputStream out;
  private final String host;
  private Map<String, String> extensions = new LinkedHashMap<>();
  private boolean tls;

  /**
   * Connects; with {@code implicitTls} (port 465) the connection starts with a TLS handshake.
   *
   * @param timeoutMillis connect and read timeout
   */
  SmtpClient(
      String host, int port, boolean implicitTls, SSLSocketFactory tlsFactory, int timeoutMillis)
      throws IOException {
    this.host = host;
    Socket s = new Socket();
    s.connect(new InetSocketAddress(host, port), timeoutMillis);
    s.setSoTimeout(timeoutMillis);
    if (implicitTls) {
      s = tlsFactory.createSocket(s, host, port, true);
      ((SSLSocket) s).startHandshake();
      tls = true;
    }
    attach(s);
    expect(220);
  }

  private void attach(Socket s) throws IOException {
    socket = s;
    in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    out = s.getOutputStream();
  }

  boolean isTls() {
    return tls;
  }

  /** Sends EHLO and records the advertised extensions (upper-case names). */
  void hello(String name) throws IOException {
    List<String> lines = command("EHLO " + name, 250);
    Map<String, String> ext = new LinkedHashMap<>();
    for (String l : lines.subList(1, lines.size())) {
      int sp = l.indexOf(' ');
      String k = (sp < 0 ? l : l.substring(0, sp)).toUpperCase(Locale.ROOT);
      ext.put(k, sp < 0 ? "" : l.substring(sp + 1));
    }
    extensions = ext;
  }

  boolean hasExtension(String name) {
    return extensions.containsKey(name);
  }

  /** The mechanisms of the AUTH extension, upper-case. */
  List<String> authMechanisms() {
    String v = extensions.getOrDefault("AUTH", "");
    List<String> out = new ArrayList<>();
    for (String m : v.trim().split("\\s+")) {
      if (!m.isEmpty()) {
        out.add(m.toUpperCase(Locale.ROOT));
      }
    }
    return out;
  }

  /** Upgrades the connection with STARTTLS; call {@link #hello} again afterwards. */
  void startTls(SSLSocketFactory factory, int port) throws IOException {
    command("STARTTLS", 220);
    SSLSocket s = (SSLSocket) factory.createSocket(socket, host, port, true);
    s.startHandshake();
    attach(s);
    tls = true;
  }

  void authPlain(String identity, String user, String password) throws IOException {
    String token = identity + "\0" + user + "\0" + password;
    command("AUTH PLAIN " + b64(token), 235);
  }

  void authLogin(String user, String password) throws IOException {
    command("AUTH LOGIN", 334);
    command(b64(user), 334);
    command(b64(password), 235);
  }

  void authCramMd5(String user, String secret) throws IOException {
    List<String> challenge = command("AUTH CRAM-MD5", 334);
    byte[] c = Base64.getDecoder().decode(challenge.getFirst().trim());
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
      String digest = HexFormat.of().formatHex(mac.doFinal(c));
      command(b64(user + " " + digest), 235);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IOException("cram-md5: " + e.getMessage(), e);
    }
  }

  void mail(String from, List<String> to, byte[] message) throws IOException {
    command("MAIL FROM:<" + from + ">", 250);
    for (String r : to) {
      command("RCPT TO:<" + r + ">", 250, 251);
    }
    command("DATA", 354);
    out.write(dotStuff(message));
    out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    expect(250);
  }

  void quit() throws IOException {
    command("QUIT", 221);
  }

  private static byte[] dotStuff(byte[] m) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(m.length + 64);
    boolean lineStart = true;
    for (byte x : m) {
      if (lineStart && x == '.') {
        b.write('.');
      }
      b.write(x);
      lineStart = x == '\n';
    }
    if (!lineStart) {
      b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return b.toByteArray();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> command(String line, int... ok) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return expect(ok);
  }

  /** Reads a (multi-line) reply; returns its texts without codes. */
  private List<String> expect(int... ok) throws IOException {
    List<String> texts = new ArrayList<>();
    int code;
    while (true) {
      String l = in.readLine();
      if (l == null) {
        throw new IOException("smtp connection closed by server");
      }
      if (l.length() < 3) {
        throw new IOException("malformed smtp reply: " + l);
      }
      code = Integer.parseInt(l.substring(0, 3));
      texts.add(l.length() > 4 ? l.substring(4) : "");
      if (l.length() == 3 || l.charAt(3) != '-') {
        break;
      }
    }
    for (int c : ok) {
      if (c == code) {
        return texts;
      }
    }
    throw new SmtpException(code, code + " " + String.join("\n", texts));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
