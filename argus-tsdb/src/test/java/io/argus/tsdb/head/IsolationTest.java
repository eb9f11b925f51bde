package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IsolationTest {
  private final Isolation isolation = new Isolation();

  @Test
  void readState_openAppend_invisibleUntilNewStateAfterClose() {
    long a = isolation.newAppendId();
    long b = isolation.newAppendId();
    isolation.closeAppend(b);

    try (IsolationState s = isolation.newReadState(0)) {
      assertThat(s.isVisible(a)).isFalse();
      assertThat(s.isVisible(b)).isTrue();
      assertThat(s.isVisible(b + 1)).isFalse();
      isolation.closeAppend(a);
      assertThat(s.isVisible(a)).isFalse();
    }
    try (IsolationState s = isolation.newReadState(0)) {
      assertThat(s.isVisible(a)).isTrue();
    }
  }

  @Test
  void lowWatermark_heldBackByOldestOpenAppendAndReader() {
    long a = isolation.newAppendId();
    IsolationState reader = isolation.newReadState(0);
    long b = isolation.newAppendId();
    assertThat(isolation.lowWatermark()).isEqualTo(a);

    isolation.closeAppend(a);
    assertThat(isolation.lowWatermark()).isEqualTo(a);

    reader.close();
    assertThat(isolation.lowWatermark()).isEqualTo(b);
    isolation.closeAppend(b);
    assertThat(isolation.lowWatermark()).isEqualTo(b + 1);
    assertThat(isolation.openReaders()).isZero();
  }
}
