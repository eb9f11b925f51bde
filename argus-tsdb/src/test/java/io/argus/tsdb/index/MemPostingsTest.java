package io.argus.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class MemPostingsTest {
  @Test
  void add_outOfOrderRefs_keepsListsSorted() {
    MemPostings mp = new MemPostings();
    mp.add(5, Labels.of("job", "a"));
    mp.add(1, Labels.of("job", "a", "x", "1"));
    mp.add(3, Labels.of("job", "b"));
    mp.add(9, Labels.of("job", "a"));
    mp.add(2, Labels.of("job", "a"));
    assertThat(PostingsAlgebra.toArray(mp.get("job", "a"))).containsExactly(1, 2, 5, 9);
    assertThat(PostingsAlgebra.toArray(mp.all())).containsExactly(1, 2, 3, 5, 9);
    assertThat(mp.get("job", "zzz")).isSameAs(Postings.EMPTY);
  }

  @Test
  void labelNamesAndValues_sortedByUtf8Bytes() {
    MemPostings mp = new MemPostings();
    mp.add(1, Labels.of("\uD83D\uDE00", "v", "\uFFFD", "v", "a", "\uFFFD"));
    mp.add(2, Labels.of("a", "\uD83D\uDE00"));
    assertThat(mp.labelNames()).containsExactly("a", "\uFFFD", "\uD83D\uDE00");
    assertThat(mp.labelValues("a")).containsExactly("\uFFFD", "\uD83D\uDE00");
    assertThat(mp.labelValues("nope")).isEmpty();
    assertThat(mp.labelValues("")).isEmpty();
  }

  @Test
  void get_snapshot_unaffectedByLaterWrites() {
    MemPostings mp = new MemPostings();
    for (long r = 10; r < 20; r++) {
      mp.add(r, Labels.of("a", "1"));
    }
    Postings before = mp.get("a", "1");
    mp.add(25, Labels.of("a", "1")); // append
    mp.add(5, Labels.of("a", "1")); // insertion before the start
    mp.delete(Set.of(12L, 13L)::contains);
    assertThat(PostingsAlgebra.toArray(before))
        .containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    assertThat(PostingsAlgebra.toArray(mp.get("a", "1")))
        .containsExactly(5, 10, 11, 14, 15, 16, 17, 18, 19, 25);
  }

  @Test
  void add_refsBeyond31Bits_widenTheListWithoutChangingEarlierSnapshots() {
    MemPostings mp = new MemPostings();
    Labels ls = Labels.of("a", "1");
    mp.add(7, ls);
    mp.add(3, ls);
    mp.add(Integer.MAX_VALUE, ls);
    Postings narrow = mp.get("a", "1");
    long big = 1L << 31;
    mp.add(big + 5, ls);
    mp.add(big, ls);
    mp.add(-4, ls); // foreign WALs may carry any 64-bit reference
    mp.add(5, ls);
    mp.add(big, ls); // already present

    assertThat(PostingsAlgebra.toArray(narrow)).containsExactly(3, 7, Integer.MAX_VALUE);
    assertThat(PostingsAlgebra.toArray(mp.get("a", "1")))
        .containsExactly(-4, 3, 5, 7, Integer.MAX_VALUE, big, big + 5);
    mp.delete(r -> r == big || r == 3);
    assertThat(PostingsAlgebra.toArray(mp.get("a", "1")))
        .containsExactly(-4, 5, 7, Integer.MAX_VALUE, big + 5);
  }

  @Test
  void delete_removesRefsAndEmptyLists() {
    MemPostings mp = new MemPostings();
    mp.add(1, Labels.of("a", "1", "b", "x"));
    mp.add(2, Labels.of("a", "1"));
    mp.add(3, Labels.of("a", "2"));
    mp.delete(Set.of(1L)::contains, List.of(Labels.of("a", "1", "b", "x")));
    assertThat(mp.labelNames()).containsExactly("a");
    assertThat(PostingsAlgebra.toArray(mp.get("a", "1"))).containsExactly(2);
    mp.delete(r -> r == 3);
    assertThat(mp.labelValues("a")).containsExactly("1");
    assertThat(PostingsAlgebra.toArray(mp.all())).containsExactly(2);
    Map<String, Integer> counts = new HashMap<>();
    mp.forEachPostingsCount((n, v, c) -> counts.put(n + "=" + v, c));
    assertThat(counts).containsExactly(Map.entry("a=1", 1));
  }

  @Test
  void concurrentAddAndRead_readersAlwaysSeeSortedPrefixes() throws InterruptedException {
    MemPostings mp = new MemPostings();
    int writers = 2;
    int perWriter = 5_000;
    int readers = 2;
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch writersDone = new CountDownLatch(writers);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      threads.add(
          Thread.ofPlatform()
              .unstarted(
                  () -> {
                    try {
                      start.await();
                      for (int i = 0; i < perWriter; i++) {
                        // Interleaved refs: each writer's refs increase, but across writers they
                        // arrive slightly out of order.
                        long ref = (long) i * writers + id;
                        mp.add(ref, Labels.of("w", "w" + id, "mod", "m" + (i % 7)));
                      }
                    } catch (Throwable t) {
                      errors.add(t);
                    } finally {
                      writersDone.countDown();
                    }
                  }));
    }
    for (int r = 0; r < readers; r++) {
      threads.add(
          Thread.ofPlatform()
              .unstarted(
                  () -> {
                    try {
                      start.await();
                      // Bounded: keep reading until the writers finish, at most 5000 rounds.
                      for (int round = 0; round < 5_000 && writersDone.getCount() > 0; round++) {
                        Postings p = round % 2 == 0 ? mp.all() : mp.get("mod", "m" + round % 7);
                        long prev = -1;
                        while (p.next()) {
                          if (p.at() <= prev) {
                            throw new AssertionError("not ascending: " + prev + ", " + p.at());
                          }
                          prev = p.at();
                        }
                        mp.labelValues("mod");
                      }
                    } catch (Throwable t) {
                      errors.add(t);
                    }
                  }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).isEmpty();
    long[] all = PostingsAlgebra.toArray(mp.all());
    assertThat(all).hasSize(writers * perWriter);
    for (int i = 0; i < all.length; i++) {
      assertThat(all[i]).isEqualTo(i);
    }
    assertThat(PostingsAlgebra.toArray(mp.get("w", "w1"))).hasSize(perWriter);
  }
}
