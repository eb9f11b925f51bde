/**
 * Unit tests of rules in the file format of {@code promtool test rules}: input series, expected
 * alerts at evaluation times and expected PromQL results, run against the real rule engine with the
 * same timing, and reported with promtool's messages.
 */
@NullMarked
package io.argus.rules.unittest;

import org.jspecify.annotations.NullMarked;
