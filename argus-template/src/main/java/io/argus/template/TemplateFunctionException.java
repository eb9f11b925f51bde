package io.argus.template;

/** A template function failed; the message becomes {@code error calling <fn>: <message>}. */
public final class TemplateFunctionException extends Exception {
  private static final long serialVersionUID = 1L;

  public TemplateFunctionException(String message) {
    super(message);
  }
}
