package io.argus.app.cli;

import io.argus.util.PrometheusDurations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the Prometheus-style flag values; errors become usage errors. */
public final class Converters {
  private Converters() {}

  /** A duration in milliseconds ({@link PrometheusDurations}). */
  public static final class DurationMillis implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return PrometheusDurations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A size in bytes ({@link ByteSize}). */
  public static final class Bytes implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return ByteSize.parseBytes(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * A non-negative integer that may be written as Go's float syntax accepts it, e.g. {@code 5e7}
   * (the default of {@code --storage.remote.read-sample-limit}).
   */
  public static final class WholeNumber implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      double d;
      try {
        d = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("invalid number " + value);
      }
      if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
        throw new TypeConversionException("expected a whole number in [0, 2^31), got " + value);
      }
      return (int) d;
    }
  }

  /** A {@link ListenAddress}. */
  public static final class Address implements ITypeConverter<ListenAddress> {
    @Override
    public ListenAddress convert(String value) {
      try {
        return ListenAddress.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * {@code --web.external-url}: a URL, not quoted, whose path loses its trailing slashes and gains
   * a leading one, as Prometheus normalises it.
   */
  public static final class ExternalUrl implements ITypeConverter<java.net.URI> {
    @Override
    public java.net.URI convert(String value) {
      try {
        return ExternalUrls.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
