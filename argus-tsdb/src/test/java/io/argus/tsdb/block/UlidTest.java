package io.argus.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.util.Clock;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UlidTest {
  private static final String GOLDEN = "01M8CZ7T5ZJ407XXGJFF1RGFF5";
  private static final String GOLDEN_HEX = "01a219f3e8bf91007ef6127bc3883de5";

  private static Clock fixed(long ms) {
    return new Clock() {
      @Override
      public long millis() {
        return ms;
      }

      @Override
      public long nanoTime() {
        return 0;
      }
    };
  }

  @Test
  void parse_goldenDecodesToKnownBytesAndTime() {
    Ulid u = Ulid.parse(GOLDEN);
    assertThat(HexFormat.of().formatHex(u.toBytes())).isEqualTo(GOLDEN_HEX);
    assertThat(u.timestamp()).isEqualTo(1795731744959L);
    assertThat(u.toString()).isEqualTo(GOLDEN);
  }

  @Test
  void fromBytes_goldenEncodesToKnownText() {
    assertThat(Ulid.fromBytes(HexFormat.of().parseHex(GOLDEN_HEX)).toString()).isEqualTo(GOLDEN);
  }

  @Test
  void parse_lowercaseAccepted() {
    assertThat(Ulid.parse(GOLDEN.toLowerCase())).isEqualTo(Ulid.parse(GOLDEN));
  }

  @Test
  void parse_extremesRoundTrip() {
    assertThat(Ulid.parse("00000000000000000000000000").toBytes()).containsOnly(0);
    assertThat(Ulid.parse("7ZZZZZZZZZZZZZZZZZZZZZZZZZ").toBytes()).containsOnly(-1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01M8CZ7T5ZJ407XXGJFF1RGFF", // 25 chars
        "01M8CZ7T5ZJ407XXGJFF1RGFF55", // 27 chars
        "01M8CZ7T5ZJ407XXGJFF1RGFFI", // Crockford alias I
        "01M8CZ7T5ZJ407XXGJFF1RGFFL",
        "01M8CZ7T5ZJ407XXGJFF1RGFFO",
        "01M8CZ7T5ZJ407XXGJFF1RGFFU",
        "81M8CZ7T5ZJ407XXGJFF1RGFF5", // overflow
        "01M8CZ7T5ZJ407XXGJFF1RGF-5",
        "01M8CZ7T5ZJ407XXGJFF1RGFF\u00e9",
        ""
      })
  void parse_invalidRejected(String s) {
    assertThat(Ulid.tryParse(s)).isEmpty();
    assertThatThrownBy(() -> Ulid.parse(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ulid: ");
  }

  @Test
  void parse_overflowMessage() {
    assertThatThrownBy(() -> Ulid.parse("81M8CZ7T5ZJ407XXGJFF1RGFF5"))
        .hasMessageContaining("overflow");
    assertThatThrownBy(() -> Ulid.parse("01M8CZ7T5ZJ407XXGJFF1RGFFI"))
        .hasMessageContaining("bad data characters");
    assertThatThrownBy(() -> Ulid.parse("01")).hasMessageContaining("bad data size");
  }

  @Test
  void generate_usesClockTimeAndRandomBits() {
    Ulid a = Ulid.generate(fixed(1700000000123L), new Random(1));
    Ulid b = Ulid.generate(fixed(1700000000123L), new Random(2));
    assertThat(a.timestamp()).isEqualTo(1700000000123L);
    assertThat(a).isNotEqualTo(b);
    assertThat(Ulid.generate(fixed(5), new Random(1)))
        .isEqualTo(Ulid.generate(fixed(5), new Random(1)));
    assertThat(Ulid.generate(fixed(42)).timestamp()).isEqualTo(42);
  }

  @Test
  void generate_timeOutOfRangeRejected() {
    assertThatThrownBy(() -> Ulid.generate(fixed(-1), new Random(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void textAndBytesRoundTripAndOrderAgree(@ForAll byte[] a, @ForAll byte[] b) {
    Ulid x = Ulid.fromBytes(java.util.Arrays.copyOf(a, 16));
    Ulid y = Ulid.fromBytes(java.util.Arrays.copyOf(b, 16));
    assertThat(Ulid.parse(x.toString())).isEqualTo(x);
    assertThat(Ulid.fromBytes(x.toBytes())).isEqualTo(x);
    assertThat(Integer.signum(x.compareTo(y)))
        .isEqualTo(Integer.signum(java.util.Arrays.compareUnsigned(x.toBytes(), y.toBytes())))
        .isEqualTo(Integer.signum(x.toString().compareTo(y.toString())));
  }
}
