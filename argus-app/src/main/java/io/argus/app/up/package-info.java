/**
 * {@code argus up}: the whole HA topology on one machine. Each component runs as its own JVM,
 * started, watched and stopped by {@link io.argus.app.up.ProcessSupervisor}; the list of
 * components is {@link io.argus.app.up.Topology}.
 */
@NullMarked
package io.argus.app.up;

import org.jspecify.annotations.NullMarked;
