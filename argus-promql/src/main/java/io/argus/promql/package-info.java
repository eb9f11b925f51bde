/** The PromQL engine: instant and range evaluation of parsed expressions over a Queryable. */
@NullMarked
package io.argus.promql;

import org.jspecify.annotations.NullMarked;
