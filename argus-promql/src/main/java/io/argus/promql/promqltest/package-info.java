/**
 * The upstream PromQL test-script language: its parser ({@link
 * io.argus.promql.promqltest.PromqlScript}), the runner that evaluates scripts against an engine
 * ({@link io.argus.promql.promqltest.PromqlScriptRunner}) and the in-memory reference {@link
 * io.argus.storage.Queryable} that loads their series. Main code so that {@code argus test promql}
 * can use it; the conformance test of argus-testkit runs the upstream corpus with it.
 */
@NullMarked
package io.argus.promql.promqltest;

import org.jspecify.annotations.NullMarked;
