package io.argus.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

class TerminationSignalsTest {
  @Test
  void install_turnsSigtermIntoAnEvent() throws Exception {
    TerminationSignals signals = TerminationSignals.install();
    assertThat(signals.received()).isNotDone();

    Signal.raise(new Signal("TERM"));

    assertThat(signals.received().get(30, TimeUnit.SECONDS)).isEqualTo("TERM");
  }
}
