package io.argus.alertmanager.silence;

/**
 * A refused silence operation. {@link Kind} tells the API which status to answer with; the message
 * is upstream's text.
 */
public final class SilenceException extends Exception {
  /** Why the operation was refused. */
  public enum Kind {
    /** No silence has the id ("silence not found"); the API answers 404. */
    NOT_FOUND,
    /** The silence is not valid ("silence invalid: …"); the API answers 400. */
    INVALID,
    /** A configured limit on count or size was hit; the API answers 400. */
    LIMIT
  }

  private final Kind kind;

  public SilenceException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static SilenceException notFound() {
    return new SilenceException(Kind.NOT_FOUND, "silence not found");
  }
}
