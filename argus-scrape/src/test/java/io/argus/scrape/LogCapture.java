package io.argus.scrape;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Records what one logger logs, at DEBUG and above, while open. */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level previousLevel;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture(Class<?> source) {
    logger = (Logger) LoggerFactory.getLogger(source);
    previousLevel = logger.getLevel();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
  }

  /** Returns each event as {@code LEVEL message key=value ...}, oldest first. */
  synchronized List<String> lines() {
    return appender.list.stream().map(LogCapture::format).toList();
  }

  private static String format(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder().append(e.getLevel()).append(' ').append(e.getMessage());
    List<KeyValuePair> kvs = e.getKeyValuePairs();
    if (kvs != null) {
      for (KeyValuePair kv : kvs) {
        sb.append(' ').append(kv.key).append('=').append(kv.value);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previousLevel);
    appender.stop();
  }
}
