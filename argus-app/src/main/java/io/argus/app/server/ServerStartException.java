package io.argus.app.server;

/**
 * Start-up failed at one step. {@link #step()} is what was being done, in lowercase as logged
 * ({@code opening storage failed}); the cause says why. The message joins both, e.g. {@code
 * opening storage failed: lock DB directory: resource temporarily unavailable}.
 */
public final class ServerStartException extends Exception {
  private final String step;

  public ServerStartException(String step, Throwable cause) {
    super(step + ": " + cause.getMessage(), cause);
    this.step = step;
  }

  /** The step that failed, e.g. {@code opening storage failed}. */
  public String step() {
    return step;
  }
}
