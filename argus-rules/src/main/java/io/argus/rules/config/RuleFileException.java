package io.argus.rules.config;

import java.util.List;

/** A rule file that cannot be read or is invalid; the message lists every problem, one a line. */
public final class RuleFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final List<String> errors;

  /**
   * @param file the file as given to the loader
   * @param errors the problems, each already prefixed with the file name
   */
  public RuleFileException(String file, List<String> errors) {
    super(String.join("\n", errors));
    this.file = file;
    this.errors = List.copyOf(errors);
  }

  /** The file as given to the loader. */
  public String file() {
    return file;
  }

  /** Every problem, in upstream's order, each prefixed with the file name. */
  public List<String> errors() {
    return errors;
  }
}
