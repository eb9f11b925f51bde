package io.argus.promql.parser;

/** The {@code @} modifier forms that are not a literal timestamp. */
public enum AtModifier {
  NONE,
  /** {@code @ start()}: the start of the query range. */
  START,
  /** {@code @ end()}: the end of the query range. */
  END
}
