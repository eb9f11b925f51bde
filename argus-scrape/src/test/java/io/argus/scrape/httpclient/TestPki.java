package io.argus.scrape.httpclient;

import io.argus.util.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A throw-away PKI built with java.security: a CA, an unrelated second CA, a server certificate for
 * {@code 127.0.0.1} and {@code target.test} (RSA key) and a client certificate (EC key), all signed
 * in-process. Each is written as PEM ({@link #pem}, {@link #keyPem}) and kept as a PKCS#12 keystore
 * ({@link #keyStore}, password {@link #PASSWORD}).
 */
public final class TestPki {
  public static final String PASSWORD = "changeit";
  private static final byte[] ECDSA_SHA256 = oid(1, 2, 840, 10045, 4, 3, 2);
  private static final byte[] SERVER_AUTH = oid(1, 3, 6, 1, 5, 5, 7, 3, 1);
  private static final byte[] CLIENT_AUTH = oid(1, 3, 6, 1, 5, 5, 7, 3, 2);

  public final Path dir;
  private final Map<String, KeyPair> keys = new HashMap<>();
  private final Map<String, X509Certificate> certs = new HashMap<>();
  private long serial = 1;

  public TestPki(Path dir) throws Exception {
    this.dir = dir;
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    caCert("ca", "Argus Test CA", ec.generateKeyPair());
    caCert("other-ca", "Unrelated CA", ec.generateKeyPair());
    leaf(
        "server", rsa.generateKeyPair(), List.of("target.test"), List.of("127.0.0.1"), SERVER_AUTH);
    leaf("client", ec.generateKeyPair(), List.of("client.test"), List.of(), CLIENT_AUTH);
  }

  /** The PEM certificate file of {@code name} ({@code ca}, {@code other-ca}, …). */
  public Path pem(String name) {
    return dir.resolve(name + ".pem");
  }

  /** The PKCS#8 PEM file of {@code name}'s private key. */
  public Path keyPem(String name) {
    return dir.resolve(name + "-key.pem");
  }

  public X509Certificate certificate(String name) {
    return certs.get(name);
  }

  public PrivateKey privateKey(String name) {
    return keys.get(name).getPrivate();
  }

  /** A PKCS#12 keystore with {@code name}'s key under alias {@code name}, chain up to the CA. */
  public KeyStore keyStore(String name) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        name,
        privateKey(name),
        PASSWORD.toCharArray(),
        new X509Certificate[] {certificate(name), certificate("ca")});
    return ks;
  }

  /** A PKCS#12 keystore trusting only the CA. */
  public KeyStore trustStore() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", certificate("ca"));
    return ks;
  }

  /** Returns PEM text of one block. */
  public static String pemBlock(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private void caCert(String name, String cn, KeyPair pair) throws Exception {
    byte[] basicConstraints = extension(oid(2, 5, 29, 19), true, seq(tlv(0x01, new byte[] {-1})));
    X509Certificate c = sign(cn, cn, pair, pair.getPrivate(), basicConstraints);
    store(name, pair, c);
  }

  private void leaf(String name, KeyPair pair, List<String> dns, List<String> ips, byte[] eku)
      throws Exception {
    ByteArrayOutputStream names = new ByteArrayOutputStream();
    for (String d : dns) {
      names.writeBytes(tlv(0x82, d.getBytes(StandardCharsets.US_ASCII)));
    }
    for (String ip : ips) {
      names.writeBytes(tlv(0x87, java.net.InetAddress.getByName(ip).getAddress()));
    }
    byte[] extensions =
        concat(
            extension(oid(2, 5, 29, 19), true, seq(new byte[0])),
            extension(oid(2, 5, 29, 17), false, seq(names.toByteArray())),
            extension(oid(2, 5, 29, 37), false, seq(eku)));
    X509Certificate c = sign(name, "Argus Test CA", pair, keys.get("ca").getPrivate(), extensions);
    store(name, pair, c);
  }

  private void store(String name, KeyPair pair, X509Certificate c) throws Exception {
    keys.put(name, pair);
    certs.put(name, c);
    Files.writeString(pem(name), pemBlock("CERTIFICATE", c.getEncoded()));
    Files.writeString(keyPem(name), pemBlock("PRIVATE KEY", pair.getPrivate().getEncoded()));
  }

  private X509Certificate sign(
      String subject, String issuer, KeyPair subjectKeys, PrivateKey issuerKey, byte[] extensions)
      throws Exception {
    long now = Clock.SYSTEM.millis();
    byte[] algorithm = seq(ECDSA_SHA256);
    byte[] tbs =
        seq(
            tlv(0xa0, tlv(0x02, new byte[] {2})),
            tlv(0x02, BigInteger.valueOf(serial++).toByteArray()),
            algorithm,
            name(issuer),
            seq(utcTime(now - 3_600_000), utcTime(now + 2 * 86_400_000L)),
            name(subject),
            subjectKeys.getPublic().getEncoded(),
            tlv(0xa3, seq(extensions)));
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(issuerKey);
    s.update(tbs);
    byte[] signature = s.sign();
    byte[] bits = new byte[signature.length + 1];
    System.arraycopy(signature, 0, bits, 1, signature.length);
    byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static byte[] name(String cn) {
    byte[] attribute = seq(oid(2, 5, 4, 3), tlv(0x0c, cn.getBytes(StandardCharsets.UTF_8)));
    return seq(tlv(0x31, attribute));
  }

  private static byte[] utcTime(long ms) {
    String t =
        DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochMilli(ms));
    return tlv(0x17, t.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] extension(byte[] oid, boolean critical, byte[] value) {
    return critical
        ? seq(oid, tlv(0x01, new byte[] {-1}), tlv(0x04, value))
        : seq(oid, tlv(0x04, value));
  }

  private static byte[] oid(int... arcs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(arcs[0] * 40 + arcs[1]);
    for (int i = 2; i < arcs.length; i++) {
      int v = arcs[i];
      int shift = 28;
      while (shift > 0 && (v >>> shift) == 0) {
        shift -= 7;
      }
      for (; shift > 0; shift -= 7) {
        out.write(0x80 | ((v >>> shift) & 0x7f));
      }
      out.write(v & 0x7f);
    }
    return tlv(0x06, out.toByteArray());
  }

  private static byte[] seq(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** One DER element: tag, definite length, content. */
  public static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    writeLength(out, content.length);
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int len) {
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    }
  }
}
