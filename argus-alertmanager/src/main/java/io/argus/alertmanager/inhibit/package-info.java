/**
 * Inhibition: whether a firing alert matching a rule's source matchers mutes a target alert, given
 * the rules' {@code equal} labels. Pure functions over label sets; the alert store and the marker
 * live elsewhere.
 */
@NullMarked
package io.argus.alertmanager.inhibit;

import org.jspecify.annotations.NullMarked;
