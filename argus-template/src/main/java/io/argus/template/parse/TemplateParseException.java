package io.argus.template.parse;

/** A template failed to parse; the message is Go's, e.g. {@code template: x:1: unexpected EOF}. */
public final class TemplateParseException extends Exception {
  private static final long serialVersionUID = 1L;

  public TemplateParseException(String message) {
    super(message);
  }
}
