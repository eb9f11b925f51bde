package io.argus.promql.parser;

import java.util.List;

/**
 * A PromQL function signature.
 *
 * @param argTypes the declared argument types; with {@code variadic != 0} the last one repeats
 * @param variadic 0 for a fixed arity, n &gt; 0 for up to n optional trailing arguments (the last
 *     declared argument being the first optional one), -1 for any number of them
 * @param experimental whether the function needs {@link ParserOptions#experimentalFunctions()}
 */
public record Function(
    String name,
    List<ValueType> argTypes,
    int variadic,
    ValueType returnType,
    boolean experimental) {
  public Function {
    argTypes = List.copyOf(argTypes);
  }
}
