package io.argus.tsdb.index;

/** Receives one label pair and the number of series that carry it, e.g. for index statistics. */
@FunctionalInterface
public interface PostingsCountVisitor {
  void visit(String name, String value, int count);
}
