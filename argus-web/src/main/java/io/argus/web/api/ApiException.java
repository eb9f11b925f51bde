package io.argus.web.api;

/** An API call that failed with an error envelope of {@link #type()} and upstream's message. */
public final class ApiException extends RuntimeException {
  private final ErrorType type;

  public ApiException(ErrorType type, String message) {
    super(message);
    this.type = type;
  }

  public ApiException(ErrorType type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  /** {@code invalid parameter "<name>": <why>} as bad_data, as upstream's invalidParamError. */
  public static ApiException invalidParam(String name, String why) {
    return new ApiException(ErrorType.BAD_DATA, "invalid parameter \"" + name + "\": " + why);
  }

  public ErrorType type() {
    return type;
  }
}
