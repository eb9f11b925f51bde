/**
 * Facts about the running program shared by every command: what was built ({@link
 * io.argus.app.runtime.BuildInfo}) and how termination signals reach a command ({@link
 * io.argus.app.runtime.TerminationSignals}).
 */
@NullMarked
package io.argus.app.runtime;

import org.jspecify.annotations.NullMarked;
