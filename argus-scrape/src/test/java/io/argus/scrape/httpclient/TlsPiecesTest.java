package io.argus.scrape.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM keys in every form Go accepts, and certificate name checks. */
class TlsPiecesTest {
  @TempDir static Path dir;
  private static TestPki pki;

  @BeforeAll
  static void createPki() throws Exception {
    pki = new TestPki(dir);
  }

  @Test
  void privateKey_readsPkcs8() throws Exception {
    PrivateKey k = Pem.privateKey(Files.readString(pki.keyPem("client")));
    assertThat(k.getEncoded()).isEqualTo(pki.privateKey("client").getEncoded());
  }

  @Test
  void privateKey_readsPkcs1Rsa() throws Exception {
    byte[] pkcs1 = innerKey(pki.privateKey("server").getEncoded());
    PrivateKey k = Pem.privateKey(TestPki.pemBlock("RSA PRIVATE KEY", pkcs1));
    assertThat(((RSAPrivateCrtKey) k).getPrivateExponent())
        .isEqualTo(((RSAPrivateCrtKey) pki.privateKey("server")).getPrivateExponent());
    Pem.checkPair(k, pki.certificate("server").getPublicKey());
  }

  @Test
  void privateKey_readsSec1EcWithCurveParameters() throws Exception {
    ECPrivateKey original = (ECPrivateKey) pki.privateKey("client");
    byte[] s = unsigned(original.getS(), 32);
    byte[] p256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
    byte[] sec1 =
        TestPki.tlv(
            0x30,
            concat(
                TestPki.tlv(0x02, new byte[] {1}), TestPki.tlv(0x04, s), TestPki.tlv(0xa0, p256)));
    PrivateKey k =
        Pem.privateKey("junk before\n" + TestPki.pemBlock("EC PRIVATE KEY", sec1) + "after\n");
    assertThat(((ECPrivateKey) k).getS()).isEqualTo(original.getS());
    Pem.checkPair(k, pki.certificate("client").getPublicKey());
  }

  @Test
  void privateKey_errorsInGoWording() throws Exception {
    assertThatThrownBy(() -> Pem.privateKey("nothing here"))
        .hasMessage("tls: failed to find any PEM data in key input");
    assertThatThrownBy(() -> Pem.privateKey(Files.readString(pki.pem("client"))))
        .hasMessage("tls: found a certificate rather than a key in the PEM for the private key");
    assertThatThrownBy(() -> Pem.privateKey(TestPki.pemBlock("PRIVATE KEY", new byte[] {1, 2})))
        .hasMessage("tls: failed to parse private key");
    assertThatThrownBy(() -> Pem.certificateChain(TestPki.pemBlock("PUBLIC KEY", new byte[] {1})))
        .hasMessageContaining(
            "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping"
                + " PEM blocks of the following types: [PUBLIC KEY]");
  }

  @Test
  void checkPair_rejectsKeyOfAnotherCertificate() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PrivateKey stranger = rsa.generateKeyPair().getPrivate();
    assertThatThrownBy(() -> Pem.checkPair(stranger, pki.certificate("server").getPublicKey()))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("tls: private key does not match public key");
    assertThatThrownBy(
            () -> Pem.checkPair(pki.privateKey("client"), pki.certificate("server").getPublicKey()))
        .hasMessage("tls: private key type does not match public key type");
  }

  @Test
  void checkName_matchesSansOnly() throws Exception {
    var server = pki.certificate("server");
    ServerCertificateVerifier.checkName(server, "target.test");
    ServerCertificateVerifier.checkName(server, "TARGET.test.");
    ServerCertificateVerifier.checkName(server, "127.0.0.1");
    assertThatThrownBy(() -> ServerCertificateVerifier.checkName(server, "a.target.test"))
        .isInstanceOf(CertificateException.class)
        .hasMessage("x509: certificate is valid for target.test, not a.target.test");
    assertThatThrownBy(() -> ServerCertificateVerifier.checkName(server, "::1"))
        .hasMessage("x509: certificate is valid for 127.0.0.1, not ::1");
    assertThatThrownBy(
            () -> ServerCertificateVerifier.checkName(pki.certificate("client"), "10.0.0.1"))
        .hasMessage(
            "x509: cannot validate certificate for 10.0.0.1 because it doesn't contain any IP"
                + " SANs");
  }

  /** The private key octets inside a PKCS#8 PrivateKeyInfo. */
  private static byte[] innerKey(byte[] pkcs8) {
    int[] p = {0};
    header(pkcs8, p); // PrivateKeyInfo
    skip(pkcs8, p); // version
    skip(pkcs8, p); // algorithm
    int len = header(pkcs8, p); // privateKey OCTET STRING
    return Arrays.copyOfRange(pkcs8, p[0], p[0] + len);
  }

  /** Reads a tag and length at p, leaving p at the content; returns the length. */
  private static int header(byte[] b, int[] p) {
    p[0]++;
    int len = b[p[0]++] & 0xff;
    if (len >= 0x80) {
      int n = len & 0x7f;
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[p[0]++] & 0xff);
      }
    }
    return len;
  }

  /** Moves p past a whole element. */
  private static void skip(byte[] b, int[] p) {
    int len = header(b, p);
    p[0] += len;
  }

  private static byte[] unsigned(BigInteger v, int size) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[size];
    int n = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - n, out, size - n, n);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
