package io.argus.app.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

/**
 * Formats an event as one logfmt line, exactly as Prometheus prints its logs:
 *
 * <pre>
 * ts=2026-11-26T23:15:21.123Z caller=Head.java:42 level=info msg="opening tsdb" dir=data/
 * </pre>
 *
 * <p>Field order is described in {@link EventFields}. Thread-safe.
 */
public final class LogfmtLayout extends LayoutBase<ILoggingEvent> {
  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160);
    EventFields.visit(
        event, (key, value) -> Logfmt.appendField(line, key, EventFields.stringValue(value)));
    return line.append('\n').toString();
  }
}
