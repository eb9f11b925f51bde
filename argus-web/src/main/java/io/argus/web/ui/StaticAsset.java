package io.argus.web.ui;

import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * One file of a web UI held in memory with its validators: a strong ETag (hash of the bytes) and
 * the {@code Cache-Control} it is served with. Immutable; thread-safe.
 *
 * @param contentType the {@code Content-Type} header, from the file name's extension
 * @param cacheControl {@link #IMMUTABLE} for fingerprinted paths, {@link #REVALIDATE} otherwise
 */
record StaticAsset(String contentType, byte[] bytes, String etag, String cacheControl) {
  /** For files under a fingerprinted path, which changes whenever their content does. */
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  /** For page shells and files under stable paths: revalidated with the ETag on every use. */
  static final String REVALIDATE = "no-cache";

  /** An asset for {@code bytes}, typed by the extension of {@code name}. */
  static StaticAsset of(String name, byte[] bytes, String cacheControl) {
    String etag =
        "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes)) + "\"";
    return new StaticAsset(UiHandler.contentType(name), bytes, etag, cacheControl);
  }

  /** 200 with the bytes, or 304 when the request's {@code If-None-Match} names the ETag. */
  WebResponse respond(WebRequest request) {
    String ifNoneMatch = request.header("If-None-Match");
    if (ifNoneMatch != null && UiHandler.matches(ifNoneMatch, etag)) {
      return new WebResponse(304, null, Map.of("ETag", etag, "Cache-Control", cacheControl), null);
    }
    return new WebResponse(
        200,
        contentType,
        Map.of("ETag", etag, "Cache-Control", cacheControl, "X-Content-Type-Options", "nosniff"),
        out -> out.write(bytes));
  }

  /** 12 hex digits of a hash over the names and contents of {@code files}, in iteration order. */
  static String fingerprint(Map<String, byte[]> files) {
    MessageDigest d = sha256Digest();
    files.forEach(
        (name, bytes) -> {
          d.update(name.getBytes(StandardCharsets.UTF_8));
          d.update((byte) 0);
          d.update(bytes);
        });
    return HexFormat.of().formatHex(d.digest(), 0, 6);
  }

  /**
   * Reads a class-path resource completely.
   *
   * @throws IllegalStateException when it is missing
   */
  static byte[] read(String resource) {
    try (InputStream in = StaticAsset.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the class path: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    return sha256Digest().digest(bytes);
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
