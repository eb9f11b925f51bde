package io.argus.app.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logback in code: one console appender on standard error with the chosen layout, the
 * root logger at the chosen level, and Jetty's own loggers at warn or above. Callable again at
 * any time (the CLI calls it once the flags are parsed); not meant for concurrent calls.
 */
public final class LogSetup {
  static final String APPENDER_NAME = "stderr";

  private LogSetup() {}

  /**
   * Reconfigures the process-wide logger context, if SLF4J is bound to logback (it always is in
   * the argus jar; another binding is left alone).
   */
  public static void configure(LogLevel level, LogFormat format) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      configure(context, level, format);
      bridgeJavaUtilLogging(context);
    }
  }

  /**
   * Sends {@code java.util.logging} records to SLF4J, with logback's levels copied to JUL so that
   * records below the configured level are dropped before they are formatted.
   */
  private static void bridgeJavaUtilLogging(LoggerContext context) {
    boolean propagating =
        context.getCopyOfListenerList().stream()
            .anyMatch(l -> l instanceof LevelChangePropagator);
    if (!propagating) {
      LevelChangePropagator propagator = new LevelChangePropagator();
      propagator.setContext(context);
      propagator.setResetJUL(true);
      propagator.start();
      context.addListener(propagator);
      // The propagator copies levels set from now on; copy the current ones once.
      for (Logger logger : context.getLoggerList()) {
        if (logger.getLevel() != null) {
          propagator.onLevelChange(logger, logger.getLevel());
        }
      }
    }
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  /**
   * Turns off the loggers under {@code prefix} (a package name), for commands whose output must be
   * exactly upstream's; a no-op unless SLF4J is bound to logback.
   */
  public static void silence(String prefix) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(prefix).setLevel(ch.qos.logback.classic.Level.OFF);
    }
  }

  /** Replaces the appenders and levels of {@code context}. */
  public static void configure(LoggerContext context, LogLevel level, LogFormat format) {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();

    Layout<ILoggingEvent> layout =
        format == LogFormat.JSON ? new JsonLayout() : new LogfmtLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(APPENDER_NAME);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();

    root.addAppender(appender);
    root.setLevel(level.logbackLevel());
    Level jettyLevel = level.logbackLevel().isGreaterOrEqual(Level.WARN)
        ? level.logbackLevel() : Level.WARN;
    context.getLogger("org.eclipse.jetty").setLevel(jettyLevel);
  }
}
