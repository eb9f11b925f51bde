/**
 * The {@code prometheus.yml} model as immutable records with upstream's defaults, its strict loader
 * ({@link io.argus.scrape.config.ConfigLoader}), printer and {@code check config}.
 */
@NullMarked
package io.argus.scrape.config;

import org.jspecify.annotations.NullMarked;
