package io.argus.app.cli;

/** The exit statuses of every {@code argus} command. */
public final class ExitCodes {
  /** The command did what it was asked. */
  public static final int OK = 0;
  /** The command failed while running (storage could not be opened, a port was taken, …). */
  public static final int RUNTIME_ERROR = 1;
  /** The command line was wrong: unknown flag, invalid value, missing file. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
