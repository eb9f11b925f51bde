package io.argus.template.prometheus;

import io.argus.template.GoMethods;
import io.argus.template.TemplateFunctionException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Go {@code *time.Time} in UTC as {@code toTime} returns it: prints like Go's {@code Time.String}
 * and offers the methods {@code Unix}, {@code UnixMilli}, {@code UnixNano}, {@code UTC}, {@code
 * String} and {@code Format}. Immutable.
 *
 * @param epochSecond seconds since the Unix epoch
 * @param nanos nanoseconds within the second, 0 to 999,999,999
 */
record GoTime(long epochSecond, int nanos) implements GoMethods {
  private static final Set<String> METHODS =
      Set.of("Unix", "UnixMilli", "UnixNano", "UTC", "String", "Format");

  static GoTime ofUnixNanos(long nanos) {
    return new GoTime(
        Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L));
  }

  @Override
  public String typeName() {
    return "*time.Time";
  }

  @Override
  public boolean hasMethod(String name) {
    return METHODS.contains(name);
  }

  @Override
  public @Nullable Object call(String name, List<@Nullable Object> args)
      throws TemplateFunctionException {
    int want = name.equals("Format") ? 1 : 0;
    if (args.size() != want) {
      throw new TemplateFunctionException(
          "wrong number of args for " + name + ": want " + want + " got " + args.size());
    }
    return switch (name) {
      case "Unix" -> epochSecond;
      case "UnixMilli" -> epochSecond * 1000 + nanos / 1_000_000;
      case "UnixNano" -> epochSecond * 1_000_000_000L + nanos;
      case "UTC" -> this;
      case "String" -> toString();
      case "Format" -> {
        if (!(args.getFirst() instanceof String layout)) {
          throw new TemplateFunctionException("wrong type for value; expected string");
        }
        yield GoTimeFormat.format(dateTime(), layout);
      }
      default -> throw new TemplateFunctionException("no method " + name);
    };
  }

  ZonedDateTime dateTime() {
    return Instant.ofEpochSecond(epochSecond, nanos).atZone(ZoneOffset.UTC);
  }

  /** Go's {@code Time.String}: {@code 2006-01-02 15:04:05.999999999 -0700 MST}. */
  @Override
  public String toString() {
    return GoTimeFormat.format(dateTime(), "2006-01-02 15:04:05.999999999 -0700 MST");
  }
}
