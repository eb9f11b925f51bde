package io.argus.alertmanager.cluster;

import java.util.Arrays;
import java.util.IllegalFormatException;
import org.jgroups.logging.CustomLogFactory;
import org.jgroups.logging.Log;
import org.jgroups.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Sends JGroups' own log output (java.util.logging unless told otherwise) to SLF4J, so that it is
 * printed in the process's log format. JGroups formats its messages with {@link String#format};
 * fatal maps to error. Levels are SLF4J's: {@link Log#setLevel} is ignored.
 */
final class JGroupsLogging implements CustomLogFactory {
  private static volatile boolean installed;

  private JGroupsLogging() {}

  /** Installs the factory for every JGroups logger created from now on; idempotent. */
  static synchronized void install() {
    if (!installed) {
      LogFactory.setCustomLogFactory(new JGroupsLogging());
      installed = true;
    }
  }

  @Override
  public Log getLog(Class<?> clazz) {
    return new Slf4jLog(LoggerFactory.getLogger(clazz));
  }

  @Override
  public Log getLog(String category) {
    return new Slf4jLog(LoggerFactory.getLogger(category));
  }

  private record Slf4jLog(Logger logger) implements Log {
    private void log(
        Level level, String msg, Object @Nullable [] args, @Nullable Throwable cause) {
      if (!logger.isEnabledForLevel(level)) {
        return;
      }
      String text = msg;
      if (args != null && args.length > 0) {
        try {
          text = String.format(msg, args);
        } catch (IllegalFormatException e) {
          text = msg + " " + Arrays.toString(args);
        }
      }
      var event = logger.atLevel(level).addKeyValue("component", "cluster");
      if (cause != null) {
        event = event.setCause(cause);
      }
      event.log(text);
    }

    @Override
    public boolean isFatalEnabled() {
      return logger.isErrorEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
      return logger.isErrorEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
      return logger.isWarnEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
      return logger.isInfoEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
      return logger.isDebugEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
      return logger.isTraceEnabled();
    }

    @Override
    public void fatal(String msg) {
      log(Level.ERROR, msg, null, null);
    }

    @Override
    public void fatal(String msg, Object... args) {
      log(Level.ERROR, msg, args, null);
    }

    @Override
    public void fatal(String msg, Throwable throwable) {
      log(Level.ERROR, msg, null, throwable);
    }

    @Override
    public void error(String msg) {
      log(Level.ERROR, msg, null, null);
    }

    @Override
    public void error(String format, Object... args) {
      log(Level.ERROR, format, args, null);
    }

    @Override
    public void error(String msg, Throwable throwable) {
      log(Level.ERROR, msg, null, throwable);
    }

    @Override
    public void warn(String msg) {
      log(Level.WARN, msg, null, null);
    }

    @Override
    public void warn(String msg, Object... args) {
      log(Level.WARN, msg, args, null);
    }

    @Override
    public void warn(String msg, Throwable throwable) {
      log(Level.WARN, msg, null, throwable);
    }

    @Override
    public void info(String msg) {
      log(Level.INFO, msg, null, null);
    }

    @Override
    public void info(String msg, Object... args) {
      log(Level.INFO, msg, args, null);
    }

    @Override
    public void debug(String msg) {
      log(Level.DEBUG, msg, null, null);
    }

    @Override
    public void debug(String msg, Object... args) {
      log(Level.DEBUG, msg, args, null);
    }

    @Override
    public void debug(String msg, Throwable throwable) {
      log(Level.DEBUG, msg, null, throwable);
    }

    @Override
    public void trace(Object msg) {
      log(Level.TRACE, String.valueOf(msg), null, null);
    }

    @Override
    public void trace(String msg) {
      log(Level.TRACE, msg, null, null);
    }

    @Override
    public void trace(String msg, Object... args) {
      log(Level.TRACE, msg, args, null);
    }

    @Override
    public void trace(String msg, Throwable throwable) {
      log(Level.TRACE, msg, null, throwable);
    }

    @Override
    public void setLevel(String level) {}

    @Override
    public String getLevel() {
      if (logger.isTraceEnabled()) {
        return "trace";
      } else if (logger.isDebugEnabled()) {
        return "debug";
      } else if (logger.isInfoEnabled()) {
        return "info";
      } else if (logger.isWarnEnabled()) {
        return "warn";
      }
      return "error";
    }
  }
}
