package io.argus.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XxHash64Test {
  private static long xxh(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return XxHash64.hash(b, 0, b.length);
  }

  @Test
  void hash_matchesReferenceVectors() {
    assertThat(xxh("")).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(xxh("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(xxh("abc")).isEqualTo(0x44BC2CF5AD770999L);
    assertThat(xxh("asdf")).isEqualTo(0x415872F599CEA71EL);
    assertThat(xxh("Call me Ishmael.")).isEqualTo(0x6D04390FC9D61A90L);
    // Longer than 32 bytes: exercises the four-lane stripes.
    assertThat(xxh("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
  }

  @Test
  void hash_honoursOffsetAndLength() {
    byte[] b = "xxabcxx".getBytes(StandardCharsets.UTF_8);
    assertThat(XxHash64.hash(b, 2, 3)).isEqualTo(0x44BC2CF5AD770999L);
    byte[] longer = "__Nobody inspects the spammish repetition__".getBytes(StandardCharsets.UTF_8);
    assertThat(XxHash64.hash(longer, 2, longer.length - 4)).isEqualTo(0xFBCEA83C8A378BF1L);
  }

  @Test
  void unsignedToDouble_mapsTheHighBit() {
    assertThat(XxHash64.unsignedToDouble(5)).isEqualTo(5.0);
    assertThat(XxHash64.unsignedToDouble(-1L)).isEqualTo(0x1.0p64);
  }
}
