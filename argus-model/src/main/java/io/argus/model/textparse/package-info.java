/**
 * Streaming parsers for the scrape formats: the Prometheus text exposition format 0.0.4 and
 * OpenMetrics 1.0 text. They read a byte array in place, return one entry per line and decode
 * strings only when asked, so the scrape loop can skip series it already knows.
 */
@NullMarked
package io.argus.model.textparse;

import org.jspecify.annotations.NullMarked;
