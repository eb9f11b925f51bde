package io.argus.template;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A value with Go methods that templates may call as {@code .Method arg...}. */
public interface GoMethods {
  /** The Go type name as {@code %T} prints it. */
  String typeName();

  /** Whether a method of that name exists. */
  boolean hasMethod(String name);

  /**
   * Calls a method.
   *
   * @throws TemplateFunctionException for a wrong argument count or type, or a failing call
   */
  @Nullable Object call(String name, List<@Nullable Object> args) throws TemplateFunctionException;
}
