package io.argus.promql.promqltest;

/** A script file that does not follow the test-script language; the message names the line. */
public final class ScriptParseException extends RuntimeException {
  public ScriptParseException(String file, int line, String message) {
    super(file + ":" + line + ": " + message);
  }
}
