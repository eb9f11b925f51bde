package io.argus.alertmanager.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import org.junit.jupiter.api.Test;

class FingerprintsTest {
  @Test
  void of_matchesFingerprintCapturedFromAlertmanager025() {
    // ha-protocols.md §3.3: the webhook payload of a real 0.25 showed this fingerprint.
    Labels ls = Labels.of("alertname", "HAProbe", "cluster", "lab", "severity", "page");
    assertThat(Fingerprints.toHex(Fingerprints.of(ls))).isEqualTo("d688f9a74b376860");
  }

  @Test
  void of_matchesPrometheusCommonSignatureTestValue() {
    // prometheus/common model signature_test.go uses this label set and value.
    Labels ls = Labels.of("name", "garland, briggs", "fear", "love is not enough");
    assertThat(Fingerprints.of(ls)).isEqualTo(Long.parseUnsignedLong("5799056148416392346"));
  }

  @Test
  void of_emptyLabelSet_isTheFnvOffsetBasis() {
    assertThat(Fingerprints.of(Labels.EMPTY))
        .isEqualTo(Long.parseUnsignedLong("14695981039346656037"));
  }

  @Test
  void of_hashesUtf8BytesInByteOrderOfNames() {
    // Expected values computed independently (Python, FNV-1a over UTF-8 bytes).
    Labels ls = Labels.of("job", "bär", "instance", "🔥x", "Z", "ok");
    assertThat(Fingerprints.toHex(Fingerprints.of(ls))).isEqualTo("5ed4df80a829501a");
  }

  @Test
  void toHex_padsToSixteenDigits() {
    Labels ls = Labels.of("a", "1");
    assertThat(Fingerprints.toHex(Fingerprints.of(ls))).isEqualTo("d3b971819376d835");
    assertThat(Fingerprints.toHex(0x1fL)).isEqualTo("000000000000001f");
    assertThat(Fingerprints.toHex(-1L)).isEqualTo("ffffffffffffffff");
  }

  @Test
  void parseHex_roundTripsAndRejectsGarbage() {
    assertThat(Fingerprints.parseHex("d688f9a74b376860"))
        .isEqualTo(Long.parseUnsignedLong("d688f9a74b376860", 16));
    assertThat(Fingerprints.parseHex(Fingerprints.toHex(42))).isEqualTo(42);
    assertThatThrownBy(() -> Fingerprints.parseHex("xyz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid fingerprint xyz");
    assertThatThrownBy(() -> Fingerprints.parseHex("0123456789abcdef0"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
