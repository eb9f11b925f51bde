package io.argus.scrape.httpclient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads secret and PEM files on each use, as upstream's file secrets do. Stateless. */
final class Secrets {
  private Secrets() {}

  /**
   * Returns the content of {@code file} without surrounding white space.
   *
   * @param what prefixes the error, like {@code "unable to read basic auth password"}
   */
  static String readFile(String file, String what) throws ClientSetupException {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ClientSetupException(
          what + ": unable to read file " + file + ": open " + file + ": " + reason(e), e);
    }
  }

  /** Returns the value inline or from its file, whichever is configured. */
  static String value(String inline, String file, String what) throws ClientSetupException {
    return file.isEmpty() ? inline : readFile(file, what);
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
