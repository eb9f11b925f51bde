package io.argus.tsdb.index;

/**
 * A cursor over a strictly ascending list of series references (unsigned, but always below 2^63
 * in practice). Single-threaded. See {@code PostingsAlgebra} for intersection, union and
 * subtraction.
 */
public interface Postings {
  /** Advances to the next reference; false at the end. */
  boolean next();

  /**
   * Advances to the first reference {@code >= v}; false when none is left. If the current
   * reference already satisfies that, it stays current. Never moves backwards.
   */
  boolean seek(long v);

  /** Returns the current reference; valid after {@code next} or {@code seek} returned true. */
  long at();

  /** A list without references. */
  Postings EMPTY =
      new Postings() {
        @Override
        public boolean next() {
          return false;
        }

        @Override
        public boolean seek(long v) {
          return false;
        }

        @Override
        public long at() {
          throw new IllegalStateException("empty postings");
        }
      };
}
