package io.argus.template;

/**
 * Parsing or executing a template failed. The message is Go's, e.g. {@code template: x:1:42:
 * executing "x" at <.Foo>: can't evaluate field Foo in type string}.
 */
public final class TemplateException extends Exception {
  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message);
  }
}
