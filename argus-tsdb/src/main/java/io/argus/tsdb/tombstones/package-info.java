/** Deletion intervals and the tombstones file. */
@NullMarked
package io.argus.tsdb.tombstones;

import org.jspecify.annotations.NullMarked;
