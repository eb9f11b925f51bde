package io.argus.alertmanager.nflog;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertHashTest {
  private static long xxh(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return AlertHash.xxh64(b, 0, b.length);
  }

  @Test
  void xxh64_matchesReferenceVectors() {
    assertThat(xxh("")).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(xxh("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(xxh("abc")).isEqualTo(0x44BC2CF5AD770999L);
    assertThat(xxh("asdf")).isEqualTo(0x415872F599CEA71EL);
    assertThat(xxh("Call me Ishmael.")).isEqualTo(0x6D04390FC9D61A90L);
    // Longer than 32 bytes: exercises the four-lane stripes.
    assertThat(xxh("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
  }

  @Test
  void xxh64_honoursOffsetAndLength() {
    byte[] b = "xxabcxx".getBytes(StandardCharsets.UTF_8);
    assertThat(AlertHash.xxh64(b, 2, 3)).isEqualTo(0x44BC2CF5AD770999L);
  }

  @Test
  void of_hashesSortedNameValuePairsWithSeparators() {
    Labels ls = Labels.of("severity", "page", "alertname", "Hö");
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    for (String s : new String[] {"alertname", "Hö", "severity", "page"}) {
      want.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      want.write(0xff);
    }
    byte[] b = want.toByteArray();
    assertThat(AlertHash.of(ls)).isEqualTo(AlertHash.xxh64(b, 0, b.length));
    assertThat(AlertHash.of(Labels.EMPTY)).isEqualTo(0xEF46DB3751D8E999L);
  }
}
