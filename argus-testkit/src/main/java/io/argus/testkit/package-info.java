/**
 * Test helpers shared by the modules. The PromQL script runner and the in-memory storage moved to
 * io.argus.promql.promqltest (main code of argus-promql); this module keeps the JUnit conformance
 * test over the upstream corpus.
 */
@NullMarked
package io.argus.testkit;

import org.jspecify.annotations.NullMarked;
