/**
 * {@code argus alertmanager}: the Alertmanager's command line. For now its tool {@code
 * check-config}, which validates {@code alertmanager.yml} files and their templates as {@code
 * amtool check-config} does.
 */
@NullMarked
package io.argus.app.alertmanager;

import org.jspecify.annotations.NullMarked;
