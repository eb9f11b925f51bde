/** Scraping: targets, scrape pools and loops that parse exposition bodies and append samples. */
@NullMarked
package io.argus.scrape;

import org.jspecify.annotations.NullMarked;
