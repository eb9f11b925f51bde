/**
 * Rule files as Prometheus writes them: groups of recording and alerting rules, parsed strictly
 * and checked like {@code promtool check rules}.
 */
@NullMarked
package io.argus.rules.config;

import org.jspecify.annotations.NullMarked;
