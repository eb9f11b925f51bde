package io.argus.app.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

class LogfmtLayoutTest {
  /** 2026-11-26T23:15:21.123Z. */
  private static final long TIMESTAMP = 1795734921123L;

  private final LoggerContext context = new LoggerContext();

  private LoggingEvent event(Level level, String message) {
    return event(level, message, Map.of());
  }

  private LoggingEvent event(Level level, String message, Map<String, String> mdc) {
    LoggingEvent event =
        new LoggingEvent(
            Logger.class.getName(), context.getLogger("io.argus.tsdb.Head"), level, message,
            null, null);
    event.setTimeStamp(TIMESTAMP);
    event.setCallerData(
        new StackTraceElement[] {
          new StackTraceElement("io.argus.tsdb.Head", "open", "Head.java", 42)
        });
    event.setMDCPropertyMap(mdc);
    return event;
  }

  @Test
  void doLayout_printsPrometheusLogfmt() {
    LoggingEvent event = event(Level.INFO, "opening tsdb");
    List<KeyValuePair> pairs = new ArrayList<>();
    pairs.add(new KeyValuePair("key", "value"));
    pairs.add(new KeyValuePair("other", "quoted value"));
    pairs.add(new KeyValuePair("count", 3));
    event.setKeyValuePairs(pairs);

    String line = new LogfmtLayout().doLayout(event);

    assertThat(line)
        .isEqualTo(
            "ts=2026-11-26T23:15:21.123Z caller=Head.java:42 level=info msg=\"opening tsdb\""
                + " key=value other=\"quoted value\" count=3\n");
  }

  @Test
  void doLayout_putsMdcBeforeMessageAndErrorLast() {
    LoggingEvent event =
        event(Level.ERROR, "compaction failed", Map.of("component", "tsdb", "block", "01HX"));
    event.setThrowableProxy(
        new ThrowableProxy(
            new IOException("write block", new IOException("no space left on device"))));

    String line = new LogfmtLayout().doLayout(event);

    assertThat(line)
        .isEqualTo(
            "ts=2026-11-26T23:15:21.123Z caller=Head.java:42 level=error block=01HX"
                + " component=tsdb msg=\"compaction failed\""
                + " err=\"write block: no space left on device\"\n");
  }

  @Test
  void doLayout_lowercasesEveryLevel() {
    assertThat(new LogfmtLayout().doLayout(event(Level.DEBUG, "x"))).contains(" level=debug ");
    assertThat(new LogfmtLayout().doLayout(event(Level.WARN, "x"))).contains(" level=warn ");
  }

  @Test
  void jsonLayout_printsTheSameFieldsAsJson() {
    LoggingEvent event = event(Level.WARN, "say \"hi\"\n");
    event.setKeyValuePairs(
        List.of(new KeyValuePair("n", 2), new KeyValuePair("ok", true),
            new KeyValuePair("s", "x y")));

    String line = new JsonLayout().doLayout(event);

    assertThat(line)
        .isEqualTo(
            "{\"ts\":\"2026-11-26T23:15:21.123Z\",\"caller\":\"Head.java:42\",\"level\":\"warn\","
                + "\"msg\":\"say \\\"hi\\\"\\n\",\"n\":2,\"ok\":true,\"s\":\"x y\"}\n");
  }

  @Test
  void fluentApi_throughLogback_reportsCallerMdcAndKeyValues() {
    context.setMDCAdapter(MDC.getMDCAdapter());
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    LogfmtLayout layout = new LogfmtLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(sink);
    appender.start();
    Logger logger = context.getLogger("test");
    logger.addAppender(appender);
    logger.setLevel(Level.INFO);

    MDC.put("component", "tsdb");
    try {
      logger.atInfo().addKeyValue("dir", "data dir/").log("opening tsdb");
      logger.atDebug().addKeyValue("hidden", 1).log("below threshold");
    } finally {
      MDC.remove("component");
    }
    appender.stop();

    String output = sink.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .matches(
            "ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"
                + " caller=LogfmtLayoutTest\\.java:\\d+ level=info component=tsdb"
                + " msg=\"opening tsdb\" dir=\"data dir/\"\n");
  }
}
