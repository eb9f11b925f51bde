package io.argus.web.api;

/**
 * The {@code errorType} values of the API envelope, with the HTTP status Prometheus 3.x answers for
 * each.
 */
public enum ErrorType {
  /** Bad parameters, unparsable PromQL, too many points. */
  BAD_DATA("bad_data", 400),
  /** PromQL evaluation errors, e.g. many-to-many matching, too many samples. */
  EXECUTION("execution", 422),
  /** The client went away (nginx' "client closed request"). */
  CANCELED("canceled", 499),
  /** The query ran out of time, in the queue or while evaluating. */
  TIMEOUT("timeout", 503),
  /** Storage failures and other internal errors. */
  INTERNAL("internal", 500),
  /** The TSDB is not ready, or the admin APIs are disabled. */
  UNAVAILABLE("unavailable", 500),
  /** An object that does not exist. */
  NOT_FOUND("not_found", 404),
  /** No codec for the {@code Accept} header. */
  NOT_ACCEPTABLE("not_acceptable", 406);

  private final String text;
  private final int httpStatus;

  ErrorType(String text, int httpStatus) {
    this.text = text;
    this.httpStatus = httpStatus;
  }

  /** The JSON spelling, e.g. {@code bad_data}. */
  public String text() {
    return text;
  }

  /** The HTTP status code of an error of this type. */
  public int httpStatus() {
    return httpStatus;
  }
}
