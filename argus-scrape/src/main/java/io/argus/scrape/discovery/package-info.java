/**
 * Service discovery: providers turn configuration into {@link
 * io.argus.scrape.discovery.TargetGroup}s that the scrape manager turns into targets.
 */
@NullMarked
package io.argus.scrape.discovery;

import org.jspecify.annotations.NullMarked;
