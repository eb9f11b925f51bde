package io.argus.bench;

import io.argus.util.GoFloat;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Formats sample values as the HTTP API writes them ({@link GoFloat#formatJson}): the former
 * BigDecimal-based implementation ({@code legacyString}), the current one returning a String
 * ({@code string}), and the current one writing into a reused char buffer ({@code intoBuffer}, as
 * API v1 vector and matrix results do). Scores are per value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GoFloatBenchmark {
  private static final int VALUES = 1024;
  private static final String[] MIXED = {"counter", "gauge", "ratio", "bits"};

  /**
   * {@code counter}: integers up to 1e9; {@code gauge}: two decimals around 20-30; {@code ratio}:
   * full-precision doubles in [0, 1); {@code mixed}: a quarter each of those and of raw bit
   * patterns (huge, tiny and subnormal values).
   */
  @Param({"counter", "gauge", "ratio", "mixed"})
  public String kind = "counter";

  private final double[] values = new double[VALUES];
  private final char[] buffer = new char[GoFloat.MAX_JSON_CHARS];

  @Setup(Level.Trial)
  public void generate() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < VALUES; i++) {
      String k = "mixed".equals(kind) ? MIXED[i % MIXED.length] : kind;
      values[i] =
          switch (k) {
            case "counter" -> rnd.nextLong(1_000_000_000L);
            case "gauge" -> Math.round((20 + rnd.nextDouble() * 10) * 100) / 100.0;
            case "ratio" -> rnd.nextDouble();
            default -> {
              double v = Double.longBitsToDouble(rnd.nextLong());
              yield Double.isFinite(v) ? v : 1.5;
            }
          };
    }
  }

  @Benchmark
  @OperationsPerInvocation(VALUES)
  public void legacyString(Blackhole bh) {
    for (double v : values) {
      bh.consume(LegacyGoFloat.formatJson(v));
    }
  }

  @Benchmark
  @OperationsPerInvocation(VALUES)
  public void string(Blackhole bh) {
    for (double v : values) {
      bh.consume(GoFloat.formatJson(v));
    }
  }

  @Benchmark
  @OperationsPerInvocation(VALUES)
  public void intoBuffer(Blackhole bh) {
    for (double v : values) {
      bh.consume(GoFloat.writeJson(v, buffer, 0));
    }
  }

  /** GoFloat.formatJson as it was before it stopped using BigDecimal, for comparison. */
  static final class LegacyGoFloat {
    private LegacyGoFloat() {}

    static String formatJson(double v) {
      if (Double.isNaN(v)) {
        return "NaN";
      }
      if (Double.isInfinite(v)) {
        return v > 0 ? "+Inf" : "-Inf";
      }
      boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
      if (v == 0) {
        return negative ? "-0" : "0";
      }
      double abs = Math.abs(v);
      BigDecimal shortest = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
      String digits = shortest.unscaledValue().toString();
      if (digits.length() == 2) {
        BigDecimal oneDigit = shortest.round(new MathContext(1, RoundingMode.HALF_EVEN));
        if (oneDigit.doubleValue() == abs) {
          shortest = oneDigit.stripTrailingZeros();
          digits = shortest.unscaledValue().toString();
        }
      }
      int exponent = digits.length() - 1 - shortest.scale();
      StringBuilder sb = new StringBuilder(24);
      if (negative) {
        sb.append('-');
      }
      if (abs < 1e-6 || abs >= 1e21) {
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
          sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int absExp = Math.abs(exponent);
        if (absExp < 10) {
          sb.append('0');
        }
        sb.append(absExp);
      } else if (exponent >= 0) {
        int intDigits = exponent + 1;
        if (digits.length() <= intDigits) {
          sb.append(digits).repeat('0', intDigits - digits.length());
        } else {
          sb.append(digits, 0, intDigits).append('.').append(digits, intDigits, digits.length());
        }
      } else {
        sb.append("0.").repeat('0', -exponent - 1).append(digits);
      }
      return sb.toString();
    }
  }
}
