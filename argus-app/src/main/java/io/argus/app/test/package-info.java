/**
 * {@code argus test}: offline checks of users' files. {@code argus test promql} runs PromQL
 * test scripts (the upstream script language) with the same runner as the conformance suite.
 */
@NullMarked
package io.argus.app.test;

import org.jspecify.annotations.NullMarked;
