package io.argus.rules;

/** Rule groups could not be built from their configuration (an expression does not parse). */
public final class RuleLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RuleLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
