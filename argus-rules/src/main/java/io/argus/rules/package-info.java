/**
 * The rule manager: groups of recording and alerting rules evaluated on their own loops, the
 * {@code ALERTS} and {@code ALERTS_FOR_STATE} series, and the restore of alert state after a
 * restart.
 */
@NullMarked
package io.argus.rules;

import org.jspecify.annotations.NullMarked;
