/**
 * The {@code alertmanager.yml} configuration as Alertmanager 0.25 reads it: strict YAML decoding
 * (unknown and repeated fields are errors), upstream's defaults and validation with its error
 * texts, global defaults copied into receivers, the HTTP client settings, and the template-file
 * check of {@code amtool check-config}. Secrets print as {@code <secret>}.
 */
@NullMarked
package io.argus.alertmanager.config;

import org.jspecify.annotations.NullMarked;
