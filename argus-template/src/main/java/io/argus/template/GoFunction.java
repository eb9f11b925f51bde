package io.argus.template;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A function callable from templates, with the Go signature that decides how arguments are
 * converted and checked ({@code wrong number of args for f: want 1 got 2}, {@code expected string;
 * found 1}, {@code wrong type for value; expected string; got float64}).
 *
 * @param params parameter types; with {@code variadic} the last one repeats
 * @param body the implementation; must be thread-safe if the function map is shared
 */
public record GoFunction(String name, List<Param> params, boolean variadic, Body body) {

  /** Implementation of a function. */
  @FunctionalInterface
  public interface Body {
    /**
     * Calls the function with converted arguments (variadic ones flattened).
     *
     * @throws TemplateFunctionException when the call fails; becomes {@code error calling <name>}
     */
    @Nullable Object apply(List<@Nullable Object> args) throws TemplateFunctionException;
  }

  /** How Go treats arguments of a parameter type. */
  public enum Kind {
    STRING,
    FLOAT,
    INT,
    BOOL,
    /** {@code interface{}}: anything, including nil. */
    ANY,
    /** {@code reflect.Value} (builtins): anything, but a literal {@code nil} is rejected. */
    VALUE,
    /** A named pointer or slice type: only values of exactly that type, or nil. */
    TYPED
  }

  /**
   * A parameter.
   *
   * @param typeName the Go type name used in error messages
   */
  public record Param(String typeName, Kind kind) {
    public static final Param STRING = new Param("string", Kind.STRING);
    public static final Param FLOAT64 = new Param("float64", Kind.FLOAT);
    public static final Param INT = new Param("int", Kind.INT);
    public static final Param BOOL = new Param("bool", Kind.BOOL);
    public static final Param ANY = new Param("interface {}", Kind.ANY);
    public static final Param VALUE = new Param("reflect.Value", Kind.VALUE);
  }

  /** A fixed-arity function. */
  public static GoFunction of(String name, Body body, Param... params) {
    return new GoFunction(name, List.of(params), false, body);
  }

  /** A function whose last parameter is variadic. */
  public static GoFunction variadic(String name, Body body, Param... params) {
    return new GoFunction(name, List.of(params), true, body);
  }
}
