/**
 * The Alertmanager: routing alerts to receivers through the route tree, grouping, inhibition,
 * silences and the notification log. The notification log and the silences are the state the
 * cluster shares.
 */
@NullMarked
package io.argus.alertmanager;

import org.jspecify.annotations.NullMarked;
