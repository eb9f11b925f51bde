package io.argus.scrape.httpclient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads PEM text as Go's crypto/tls does: certificates from {@code CERTIFICATE} blocks, a private
 * key from the first {@code PRIVATE KEY}-typed block in PKCS#8, PKCS#1 (RSA) or SEC1 (EC) form.
 * Error texts follow Go's. Stateless.
 */
final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };
  private static final byte[] EC_PUBLIC_KEY_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  /** A PEM block: its type ({@code CERTIFICATE}) and decoded bytes. */
  record Block(String type, byte[] der) {}

  private Pem() {}

  /** Returns every well-formed PEM block of {@code text}, in order; others are skipped. */
  static List<Block> blocks(String text) {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      // Encapsulated headers (Proc-Type: …) end at the first blank line.
      int headersEnd = body.indexOf("\n\n");
      if (body.contains(":") && headersEnd >= 0) {
        body = body.substring(headersEnd + 2);
      }
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
      } catch (IllegalArgumentException e) {
        // Go's decoder skips blocks that are not valid base64.
      }
    }
    return out;
  }

  /** Returns the certificates of every {@code CERTIFICATE} block; empty when there is none. */
  static List<X509Certificate> certificates(String text) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (Block b : blocks(text)) {
      if (b.type().equals("CERTIFICATE")) {
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
      }
    }
    return out;
  }

  /** Returns the client certificate chain of {@code text}, leaf first. */
  static List<X509Certificate> certificateChain(String text) throws GeneralSecurityException {
    List<Block> blocks = blocks(text);
    if (blocks.isEmpty()) {
      throw new GeneralSecurityException("tls: failed to find any PEM data in certificate input");
    }
    List<X509Certificate> chain = certificates(text);
    if (chain.isEmpty()) {
      Set<String> skipped = new LinkedHashSet<>();
      blocks.forEach(b -> skipped.add(b.type()));
      throw new GeneralSecurityException(
          "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM"
              + " blocks of the following types: "
              + skipped);
    }
    return chain;
  }

  /** Returns the private key of the first {@code … PRIVATE KEY} block of {@code text}. */
  static PrivateKey privateKey(String text) throws GeneralSecurityException {
    List<Block> blocks = blocks(text);
    if (blocks.isEmpty()) {
      throw new GeneralSecurityException("tls: failed to find any PEM data in key input");
    }
    Block key = null;
    for (Block b : blocks) {
      if (b.type().equals("PRIVATE KEY") || b.type().endsWith(" PRIVATE KEY")) {
        key = b;
        break;
      }
    }
    if (key == null) {
      if (blocks.getFirst().type().equals("CERTIFICATE")) {
        throw new GeneralSecurityException(
            "tls: found a certificate rather than a key in the PEM for the private key");
      }
      throw new GeneralSecurityException("tls: failed to find \"PRIVATE KEY\" block in key input");
    }
    PrivateKey k = parseKey(key.der());
    if (k == null) {
      throw new GeneralSecurityException("tls: failed to parse private key");
    }
    return k;
  }

  /** Tries PKCS#1, PKCS#8 and SEC1 in turn, as Go does; null when none fits. */
  private static @Nullable PrivateKey parseKey(byte[] der) {
    PrivateKey k = tryPkcs8(wrapPkcs8(RSA_ALGORITHM, der), "RSA");
    if (k != null) {
      return k;
    }
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
      k = tryPkcs8(der, algorithm);
      if (k != null) {
        return k;
      }
    }
    byte[] curve = sec1Curve(der);
    if (curve != null) {
      byte[] algorithm = sequence(concat(EC_PUBLIC_KEY_OID, curve));
      return tryPkcs8(wrapPkcs8(algorithm, der), "EC");
    }
    return null;
  }

  private static @Nullable PrivateKey tryPkcs8(byte[] der, String algorithm) {
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  /** Checks that {@code key} signs what {@code publicKey} verifies. */
  static void checkPair(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "RSASSA-PSS" -> null;
          default -> key.getAlgorithm();
        };
    if (algorithm == null) {
      return;
    }
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      throw new GeneralSecurityException("tls: private key type does not match public key type");
    }
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("tls: private key does not match public key");
    }
  }

  /** Returns the DER of the named-curve OID inside a SEC1 {@code ECPrivateKey}, or null. */
  private static byte @Nullable [] sec1Curve(byte[] der) {
    try {
      Der seq = new Der(der, 0);
      if (seq.tag != 0x30) {
        return null;
      }
      int p = seq.contentStart;
      Der version = new Der(der, p);
      if (version.tag != 0x02) {
        return null;
      }
      p = version.end;
      Der privateKey = new Der(der, p);
      if (privateKey.tag != 0x04) {
        return null;
      }
      p = privateKey.end;
      while (p < seq.end) {
        Der field = new Der(der, p);
        if (field.tag == 0xa0) {
          Der oid = new Der(der, field.contentStart);
          return oid.tag == 0x06 ? java.util.Arrays.copyOfRange(der, oid.start, oid.end) : null;
        }
        p = field.end;
      }
      return null;
    } catch (IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** One DER element header: tag, where its content starts and where it ends. */
  private static final class Der {
    final int start;
    final int tag;
    final int contentStart;
    final int end;

    Der(byte[] b, int at) {
      start = at;
      tag = b[at] & 0xff;
      int len = b[at + 1] & 0xff;
      int p = at + 2;
      if (len >= 0x80) {
        int n = len & 0x7f;
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (b[p++] & 0xff);
        }
      }
      contentStart = p;
      end = p + len;
      if (end > b.length || len < 0) {
        throw new IndexOutOfBoundsException("truncated DER");
      }
    }
  }

  private static byte[] wrapPkcs8(byte[] algorithmIdentifier, byte[] key) {
    byte[] version = {0x02, 0x01, 0x00};
    return sequence(concat(version, algorithmIdentifier, element(0x04, key)));
  }

  private static byte[] sequence(byte[] content) {
    return element(0x30, content);
  }

  private static byte[] element(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int len = content.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
