/** The block index: postings, symbols, series entries; reader and writer of Prometheus' index format (docs/format/index.md). */
@NullMarked
package io.argus.tsdb.index;

import org.jspecify.annotations.NullMarked;
