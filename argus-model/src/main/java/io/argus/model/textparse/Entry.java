package io.argus.model.textparse;

/** The kind of line a {@link TextParser} just read. */
public enum Entry {
  /** {@code # TYPE name type}: see {@link TextParser#type()}. */
  TYPE,
  /** {@code # HELP name text}: see {@link TextParser#help()}. */
  HELP,
  /** {@code # UNIT name unit} (OpenMetrics only): see {@link TextParser#unit()}. */
  UNIT,
  /** A sample: name, labels, value and optional timestamp (and exemplar in OpenMetrics). */
  SERIES,
  /** Any other {@code #} line (text format only): see {@link TextParser#comment()}. */
  COMMENT,
  /** The end of the input (after {@code # EOF} in OpenMetrics). */
  EOF
}
