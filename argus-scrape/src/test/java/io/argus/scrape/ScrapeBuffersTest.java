package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrapeBuffersTest {
  @Test
  void acquire_roundsUpToAPowerOfTwoNoSmallerThanTheMinimum() {
    ScrapeBuffers buffers = new ScrapeBuffers();

    assertThat(buffers.acquire(0)).hasSize(ScrapeBuffers.MIN_BYTES);
    assertThat(buffers.acquire(ScrapeBuffers.MIN_BYTES + 1)).hasSize(2 * ScrapeBuffers.MIN_BYTES);
    assertThat(buffers.acquire(102_011)).hasSize(131_072);
    assertThat(buffers.acquire(131_072)).hasSize(131_072);
  }

  @Test
  void release_makesTheBufferTheNextOneOfItsClass() {
    ScrapeBuffers buffers = new ScrapeBuffers();
    byte[] a = buffers.acquire(100_000);

    buffers.release(a);

    assertThat(buffers.idleBytes()).isEqualTo(131_072);
    assertThat(buffers.acquire(70_000)).isSameAs(a);
    assertThat(buffers.idleBytes()).isZero();
    assertThat(buffers.acquire(70_000)).isNotSameAs(a);
  }

  @Test
  void release_filesABufferOfAnyLengthUnderTheClassItFillsWhole() {
    ScrapeBuffers buffers = new ScrapeBuffers();
    byte[] grown = new byte[150_000];

    buffers.release(grown);

    // Filed with the 2^17-byte buffers; handed out for any request it holds, even a 2^18 one.
    assertThat(buffers.acquire(160_000)).isNotSameAs(grown).hasSize(262_144);
    assertThat(buffers.acquire(140_000)).isSameAs(grown);
    buffers.release(grown);
    assertThat(buffers.acquire(100_000)).isSameAs(grown);
  }

  @Test
  void release_keepsAFewBuffersPerClassAndNoMoreThanTheByteBound() {
    ScrapeBuffers buffers = new ScrapeBuffers(1 << 20);
    for (int i = 0; i < ScrapeBuffers.IDLE_PER_CLASS + 3; i++) {
      buffers.release(new byte[16_384]);
    }
    assertThat(buffers.idleBytes()).isEqualTo(ScrapeBuffers.IDLE_PER_CLASS * 16_384L);

    buffers.release(new byte[1 << 19]);
    buffers.release(new byte[1 << 19]);
    assertThat(buffers.idleBytes()).isEqualTo(ScrapeBuffers.IDLE_PER_CLASS * 16_384L + (1 << 19));

    buffers.release(new byte[ScrapeBuffers.MIN_BYTES - 1]);
    assertThat(buffers.idleBytes()).isEqualTo(ScrapeBuffers.IDLE_PER_CLASS * 16_384L + (1 << 19));
  }
}
