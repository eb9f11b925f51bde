package io.argus.scrape.httpclient;

import org.jspecify.annotations.Nullable;

/**
 * A request could not be prepared: a credentials, CA, certificate or key file is unreadable or
 * invalid, or an OAuth 2.0 token could not be fetched. The message is upstream's wording.
 */
public final class ClientSetupException extends Exception {
  public ClientSetupException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
