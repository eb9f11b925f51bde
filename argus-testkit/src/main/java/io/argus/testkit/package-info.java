/**
 * Test helpers shared by the modules: an in-memory reference {@link io.argus.storage.Queryable} and
 * the runner for the upstream PromQL test-script language.
 */
@NullMarked
package io.argus.testkit;

import org.jspecify.annotations.NullMarked;
