/**
 * The notification log: per aggregation group and receiver integration, which alerts (by {@link
 * io.argus.alertmanager.nflog.AlertHash}) were firing and resolved at the last successful
 * notification and when. The notification pipeline queries it to avoid repeating notifications and
 * peers replicate it so a cluster notifies once.
 */
@NullMarked
package io.argus.alertmanager.nflog;

import org.jspecify.annotations.NullMarked;
