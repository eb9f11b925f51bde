package io.argus.app.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {
  @Test
  void configure_setsLevelAndLayout() {
    LoggerContext context = new LoggerContext();

    LogSetup.configure(context, LogLevel.DEBUG, LogFormat.JSON);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
    ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender(LogSetup.APPENDER_NAME);
    assertThat(appender.getTarget()).isEqualTo("System.err");
    assertThat(((LayoutWrappingEncoder<?>) appender.getEncoder()).getLayout())
        .isInstanceOf(JsonLayout.class);
  }

  @Test
  void configure_again_replacesTheAppender() {
    LoggerContext context = new LoggerContext();
    LogSetup.configure(context, LogLevel.DEBUG, LogFormat.JSON);

    LogSetup.configure(context, LogLevel.ERROR, LogFormat.LOGFMT);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.ERROR);
    assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.ERROR);
    assertThat(root.iteratorForAppenders()).toIterable().hasSize(1);
    ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender(LogSetup.APPENDER_NAME);
    assertThat(((LayoutWrappingEncoder<?>) appender.getEncoder()).getLayout())
        .isInstanceOf(LogfmtLayout.class);
  }

  @Test
  void configure_bridgesJavaUtilLoggingAtTheConfiguredLevel() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogSetup.configure(LogLevel.INFO, LogFormat.LOGFMT);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(context);
    events.start();
    Logger logger = context.getLogger("io.argus.app.log.julbridge");
    logger.addAppender(events);
    try {
      java.util.logging.Logger jul = java.util.logging.Logger.getLogger(logger.getName());
      jul.warning("transport failed");
      jul.fine("below the configured level");

      assertThat(events.list).hasSize(1);
      assertThat(events.list.getFirst().getLevel()).isEqualTo(Level.WARN);
      assertThat(events.list.getFirst().getFormattedMessage()).isEqualTo("transport failed");
    } finally {
      logger.detachAppender(events);
    }
  }
}
