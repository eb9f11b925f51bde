/** Test helpers of argus-app: external processes, loopback peers. */
@NullMarked
package io.argus.app.testing;

import org.jspecify.annotations.NullMarked;
