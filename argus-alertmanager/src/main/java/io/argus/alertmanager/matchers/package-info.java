/**
 * Alertmanager's label matcher syntax: the parser for the strings of {@code matchers:} lists,
 * silences and amtool ({@code foo="bar"}, {@code {a=~"b.*",c!="d"}}), their canonical printed form
 * and sort order. Matchers themselves are {@link io.argus.model.labels.Matcher}s.
 */
@NullMarked
package io.argus.alertmanager.matchers;

import org.jspecify.annotations.NullMarked;
