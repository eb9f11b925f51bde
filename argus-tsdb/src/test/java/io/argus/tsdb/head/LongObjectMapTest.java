package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class LongObjectMapTest {
  @Property(tries = 200)
  void putRemove_randomOperations_behavesLikeHashMap(
      @ForAll @Size(max = 300) List<@LongRange(min = -50, max = 50) Long> ops) {
    LongObjectMap<String> map = new LongObjectMap<>(4);
    Map<Long, String> expected = new HashMap<>();
    for (long op : ops) {
      long key = Math.abs(op) + 1;
      if (op >= 0) {
        map.put(key, "v" + op);
        expected.put(key, "v" + op);
      } else {
        assertThat(map.remove(key)).isEqualTo(expected.remove(key) != null);
      }
    }

    assertThat(map.size()).isEqualTo(expected.size());
    for (long k = 1; k <= 52; k++) {
      assertThat(map.get(k)).isEqualTo(expected.get(k));
    }
  }
}
