package io.argus.store.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HandOffQueueTest {
  @Test
  void itemsComeOutInOrder_acrossWrapArounds() throws InterruptedException {
    HandOffQueue<Integer> q = new HandOffQueue<>(3);
    List<Integer> out = new ArrayList<>();
    int next = 0;
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 1 + round % 3; i++) {
        q.put(next++);
      }
      while (q.size() > 0) {
        out.add(q.take());
      }
    }
    assertThat(out).hasSize(next);
    for (int i = 0; i < next; i++) {
      assertThat(out.get(i)).isEqualTo(i);
    }
  }

  @Test
  void blockedProducer_isResumedOnlyOnceHalfTheQueueIsTaken() throws Exception {
    HandOffQueue<Integer> q = new HandOffQueue<>(8);
    for (int i = 0; i < 8; i++) {
      q.put(i);
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread producer = putOnThread(q, 8, failure);
    awaitWaiting(producer);
    for (int i = 0; i < 3; i++) {
      assertThat(q.take()).isEqualTo(i);
    }
    // Five left, above half of eight: the producer is not woken.
    producer.join(100);
    assertThat(producer.isAlive()).isTrue();
    assertThat(q.size()).isEqualTo(5);
    assertThat(q.take()).isEqualTo(3);
    producer.join(10_000);
    assertThat(producer.isAlive()).isFalse();
    assertThat(failure.get()).isNull();
    assertThat(q.size()).isEqualTo(5);
    List<Integer> rest = new ArrayList<>();
    while (q.size() > 0) {
      rest.add(q.take());
    }
    assertThat(rest).containsExactly(4, 5, 6, 7, 8);
  }

  @Test
  void lastItem_goesInWithoutWaiting_onePastTheCapacityAtMost() throws InterruptedException {
    HandOffQueue<String> q = new HandOffQueue<>(2);
    q.put("a");
    q.put("b");
    assertThat(q.putLast("end")).isTrue();
    assertThat(q.putLast("again")).isFalse();
    assertThat(q.take()).isEqualTo("a");
    assertThat(q.take()).isEqualTo("b");
    assertThat(q.take()).isEqualTo("end");
    assertThat(q.size()).isZero();
  }

  @Test
  void timedPoll_returnsNullWhenNothingArrives_andAnItemThatDoes() throws Exception {
    HandOffQueue<String> q = new HandOffQueue<>(4);
    assertThat(q.poll(20, TimeUnit.MILLISECONDS)).isNull();
    Thread producer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Thread.sleep(20);
                    q.put("late");
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    assertThat(q.poll(10, TimeUnit.SECONDS)).isEqualTo("late");
    producer.join();
  }

  @Test
  void interruptedProducer_stopsWaiting() throws Exception {
    HandOffQueue<Integer> q = new HandOffQueue<>(1);
    q.put(0);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread producer = putOnThread(q, 1, thrown);
    awaitWaiting(producer);
    producer.interrupt();
    producer.join(10_000);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(q.size()).isEqualTo(1);
  }

  @Test
  void capacityBelowOne_isRejected() {
    assertThatThrownBy(() -> new HandOffQueue<>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  @Test
  void producerAndConsumerAtRandomPaces_passEveryItemOnceInOrder() throws Exception {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      int capacity = 1 + random.nextInt(9);
      int items = 500 + random.nextInt(500);
      HandOffQueue<Integer> q = new HandOffQueue<>(capacity);
      long producerSeed = random.nextLong();
      Thread producer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    Random r = new Random(producerSeed);
                    try {
                      for (int i = 0; i < items; i++) {
                        q.put(i);
                        if (r.nextInt(50) == 0) {
                          Thread.sleep(1);
                        }
                      }
                      q.putLast(-1);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      int expected = 0;
      while (true) {
        Integer item = q.poll(10, TimeUnit.SECONDS);
        assertThat(item).as("seed %d: item %d arrived", seed, expected).isNotNull();
        if (item == -1) {
          break;
        }
        assertThat(item).as("seed %d", seed).isEqualTo(expected);
        expected++;
        if (random.nextInt(40) == 0) {
          Thread.sleep(1);
        }
      }
      assertThat(expected).isEqualTo(items);
      producer.join();
    }
  }

  /** Starts a thread that puts {@code item} and records what it throws in {@code thrown}. */
  private static Thread putOnThread(
      HandOffQueue<Integer> q, int item, AtomicReference<Throwable> thrown) {
    return Thread.ofPlatform()
        .start(
            () -> {
              try {
                q.put(item);
              } catch (Throwable t) {
                thrown.set(t);
              }
            });
  }

  private static void awaitWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
  }
}
